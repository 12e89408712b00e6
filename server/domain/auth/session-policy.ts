import type { UserRole } from "@/db/schema";

/** How long a signed-in session lasts (SECURITY.md). Staff: 8 hours at most, 30 minutes idle; shoppers: 30 days idle. */
export interface SessionLimits {
  idleMs: number;
  /** null: no limit but the idle one. */
  absoluteMs: number | null;
}

const MINUTE = 60_000;
const STAFF: SessionLimits = { idleMs: 30 * MINUTE, absoluteMs: 8 * 60 * MINUTE };
const SHOPPER: SessionLimits = { idleMs: 30 * 24 * 60 * MINUTE, absoluteMs: null };

export function sessionLimits(role: UserRole): SessionLimits {
  return role === "shopper" ? SHOPPER : STAFF;
}

/** A request moves a session's last-seen time at most this often: reads stay reads. */
export const SESSION_TOUCH_MS = MINUTE;

/** Whether a session opened at `createdAt` and last seen at `lastSeenAt` is still alive at `now`. */
export function sessionAlive(limits: SessionLimits, createdAt: Date, lastSeenAt: Date, now: Date): boolean {
  if (now.getTime() - lastSeenAt.getTime() > limits.idleMs) return false;
  return limits.absoluteMs === null || now.getTime() - createdAt.getTime() <= limits.absoluteMs;
}

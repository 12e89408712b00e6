import "server-only";
import type { UserRole } from "@/db/schema";
import { isDatabaseUnavailable } from "@/db/database-unavailable";
import { readLiveSession } from "../domain/auth/sessions";
import { appDb } from "../db";
import { requestClock } from "../test-clock";

/** Whether a session check failed because the database is away (then: no session, but not signed out). */
export interface SessionCheckOutcome {
  unavailable: boolean;
}

/**
 * The check every request makes of its session cookie's claims: the session row it names must still
 * be alive (sign-out, a password change or a staff role change end it at once) and belong to the
 * cookie's user; the role is the row's, never the cookie's. Null: no session.
 */
export async function liveSessionOfClaims(claims: Record<string, unknown>, outcome: SessionCheckOutcome | undefined): Promise<{ userId: string; role: UserRole } | null> {
  if (typeof claims.sid !== "string" || typeof claims.uid !== "string") return null;
  let live;
  try {
    live = await readLiveSession(appDb(), requestClock(), claims.sid);
  } catch (e) {
    if (outcome && isDatabaseUnavailable(e)) outcome.unavailable = true;
    throw e;
  }
  return live && live.userId === claims.uid ? live : null;
}

import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adSets } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { businessDay } from "../shared/business-day";
import { DomainError } from "../shared/errors";
import { readSetting } from "../settings/platform-settings";
import { completedSetsOn, deviceSetsOn, nextSetNo } from "./ad-counts";
import { lockAdShopper } from "./ad-shopper";
import { expireAdSet } from "./expire-ad-sessions";
import { readMallPoints } from "./mall-points";
import { rewardTierFor } from "./reward-tier";

export type AdSetRow = typeof adSets.$inferSelect;

/**
 * Starts today's next ad set, or resumes the one in progress on this device (a reload, a second
 * tab). Refused, with nothing changed: a set in progress on another device, a shopper below every
 * tier, the daily cap per shopper, the daily cap per device. The business day of the start is the
 * set's day (its reward key and the cap it counts against).
 */
export async function startAdSet(tx: DbOrTx, clock: Clock, input: { userId: string; deviceId: string }): Promise<AdSetRow> {
  await lockAdShopper(tx, input.userId);
  const settings = await readSetting(tx, "ads");
  const now = clock.now();
  const current = await currentAdSet(tx, clock, input.userId, settings.setIdleMinutes);
  if (current) {
    if (current.deviceId === input.deviceId) return current;
    const idleLeftMs = current.lastActivityAt.getTime() + settings.setIdleMinutes * 60_000 - now.getTime();
    throw new DomainError("AD_SET_IN_PROGRESS", { minutes: Math.max(1, Math.ceil(idleLeftMs / 60_000)) });
  }

  const points = await readMallPoints(tx, input.userId);
  if (!rewardTierFor(settings.tiers, points)) throw new DomainError("AD_NO_POINTS", { balance: points, min: settings.tiers[0]?.minPoints ?? 1 });
  const day = businessDay(now);
  if ((await completedSetsOn(tx, input.userId, day)) >= settings.setsPerUserPerDay) throw new DomainError("AD_DAILY_CAP", { cap: settings.setsPerUserPerDay });
  // Accounts sharing a phone take turns on its cap (after the shopper's own lock: always in this order).
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"ads-device:" + input.deviceId}, 0))`);
  if ((await deviceSetsOn(tx, input.deviceId, day)) >= settings.setsPerDevicePerDay) throw new DomainError("AD_DEVICE_CAP", { cap: settings.setsPerDevicePerDay });

  const [set] = await tx
    .insert(adSets)
    .values({ userId: input.userId, businessDay: day, setNo: await nextSetNo(tx, input.userId, day), deviceId: input.deviceId, viewsRequired: settings.viewsPerSet, createdAt: now, lastActivityAt: now })
    .returning();
  if (!set) throw new DomainError("INTERNAL");
  return set;
}

/** The shopper's set in progress, locked, after ending it if it sat idle past the setting. Caller holds the shopper's lock. */
export async function currentAdSet(tx: DbOrTx, clock: Clock, userId: string, idleMinutes: number): Promise<AdSetRow | null> {
  const [set] = await tx.select().from(adSets).where(and(eq(adSets.userId, userId), eq(adSets.status, "watching"))).for("update");
  if (!set) return null;
  if (set.lastActivityAt.getTime() + idleMinutes * 60_000 <= clock.now().getTime()) {
    await expireAdSet(tx, clock, set.id);
    return null;
  }
  return set;
}

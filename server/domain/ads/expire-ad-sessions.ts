import "server-only";
import { and, eq, lt, lte } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { adSets, adViews } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { readSetting } from "../settings/platform-settings";
import { releaseAdView, type AdViewRow } from "./release-ad-view";
import { graceCutoff } from "./view-expiry";

/**
 * Job `ads.expire`: views left open past their end plus the grace give their reservation back, and
 * sets idle past the setting end (a new one may start). One view per transaction, so the job never
 * holds two campaigns' budget rows at once (a view opening locks one, then its advertiser).
 */
export async function expireAdSessions(db: Db, clock: Clock, batch = 200): Promise<number> {
  const settings = await readSetting(db, "ads");
  const viewCutoff = graceCutoff(settings.viewGraceSeconds, clock.now());
  let expired = 0;
  for (let i = 0; i < batch; i++) {
    const done = await db.transaction(async (tx) => {
      const [view] = await tx.select().from(adViews).where(and(eq(adViews.status, "open"), lte(adViews.completesAt, viewCutoff))).limit(1).for("update", { skipLocked: true });
      return view ? releaseAdView(tx, clock, view, "expired") : null;
    });
    if (done === null) break;
    if (done) expired++;
  }
  const setCutoff = new Date(clock.now().getTime() - settings.setIdleMinutes * 60_000);
  const idle = await db.select({ id: adSets.id }).from(adSets).where(and(eq(adSets.status, "watching"), lt(adSets.lastActivityAt, setCutoff))).limit(batch);
  for (const s of idle) {
    await db.transaction(async (tx) => {
      const [set] = await tx.select().from(adSets).where(eq(adSets.id, s.id)).for("update");
      if (set && set.status === "watching" && set.lastActivityAt < setCutoff) await expireAdSet(tx, clock, set.id);
    });
    expired++;
  }
  return expired;
}

/** Ends a set in progress: its open view (if any) gives its reservation back; the set no longer counts. */
export async function expireAdSet(tx: DbOrTx, clock: Clock, setId: string): Promise<void> {
  const open: AdViewRow[] = await tx.select().from(adViews).where(and(eq(adViews.setId, setId), eq(adViews.status, "open"))).for("update");
  for (const view of open) await releaseAdView(tx, clock, view, "expired");
  await tx.update(adSets).set({ status: "expired" }).where(and(eq(adSets.id, setId), eq(adSets.status, "watching")));
}

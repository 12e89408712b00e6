import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adCampaigns, adSets, advertisers, adViews } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { businessDay } from "../shared/business-day";
import { readUserBalances } from "../ledger";
import { readSetting } from "../settings/platform-settings";
import type { AdTier } from "./ad-settings";
import { rewardTierFor } from "./reward-tier";
import { viewExpired } from "./view-expiry";

export interface EarnPage {
  serverNow: Date;
  mallPoints: number;
  cashFen: number;
  rules: { viewsPerSet: number; setsPerUserPerDay: number; setsPerDevicePerDay: number; setIdleMinutes: number; tiers: AdTier[]; commissionL1Bp: number; commissionL2Bp: number };
  myTier: AdTier | null;
  setsDoneToday: number;
  setsLeftToday: number;
  /** The set in progress: on this device it can be resumed (with the ad playing, if one is); elsewhere it blocks a new one. */
  current: null | {
    setId: string;
    viewsDone: number;
    viewsRequired: number;
    onThisDevice: boolean;
    /** When the set lapses if nothing more happens in it (another device may then start one). */
    idleUntil: Date;
    playing: null | { viewId: string; nonce: string; openedAt: Date; completesAt: Date; durationSeconds: number; creative: { name: string; advertiser: string; url: string; type: string } | null };
  };
  adsAvailable: boolean;
  history: { setId: string; completedAt: Date; rewardFen: number; pointsSpent: number }[];
}

/** Everything the 赚钱 tab shows, for one shopper on one device. Reads only: nothing expires or moves here. */
export async function readEarnPage(tx: DbOrTx, clock: Clock, input: { userId: string; deviceId: string }): Promise<EarnPage> {
  const now = clock.now();
  const settings = await readSetting(tx, "ads");
  const balances = await readUserBalances(tx, input.userId);
  const day = businessDay(now);
  const [done] = await tx.select({ n: sql<number>`count(*)::int` }).from(adSets).where(and(eq(adSets.userId, input.userId), eq(adSets.businessDay, day), eq(adSets.status, "completed")));
  const setsDoneToday = done?.n ?? 0;

  const [watching] = await tx.select().from(adSets).where(and(eq(adSets.userId, input.userId), eq(adSets.status, "watching")));
  const live = watching && watching.lastActivityAt.getTime() + settings.setIdleMinutes * 60_000 > now.getTime() ? watching : null;
  let current: EarnPage["current"] = null;
  if (live) {
    const onThisDevice = live.deviceId === input.deviceId;
    const [view] = onThisDevice
      ? await tx
          .select({ viewId: adViews.id, nonce: adViews.nonce, openedAt: adViews.openedAt, completesAt: adViews.completesAt, durationSeconds: adViews.durationSeconds, name: adCampaigns.name, advertiser: advertisers.name, url: adCampaigns.creativeUrl, type: adCampaigns.creativeType })
          .from(adViews)
          .leftJoin(adCampaigns, eq(adCampaigns.id, adViews.campaignId))
          .leftJoin(advertisers, eq(advertisers.id, adCampaigns.advertiserId))
          .where(and(eq(adViews.setId, live.id), eq(adViews.status, "open")))
      : [];
    current = {
      setId: live.id,
      viewsDone: live.viewsDone,
      viewsRequired: live.viewsRequired,
      onThisDevice,
      idleUntil: new Date(live.lastActivityAt.getTime() + settings.setIdleMinutes * 60_000),
      playing: view && !viewExpired(view, settings.viewGraceSeconds, now)
        ? { viewId: view.viewId, nonce: view.nonce, openedAt: view.openedAt, completesAt: view.completesAt, durationSeconds: view.durationSeconds, creative: view.url && view.type ? { name: view.name ?? "", advertiser: view.advertiser ?? "", url: view.url, type: view.type } : null }
        : null,
    };
  }

  const nowIso = now.toISOString();
  const [available] = await tx.execute<{ any: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM ad_campaigns c JOIN ledger_accounts b ON b.advertiser_id = c.advertiser_id AND b.asset = 'cash'
      WHERE c.active AND c.starts_at <= ${nowIso}::timestamptz AND (c.ends_at IS NULL OR c.ends_at > ${nowIso}::timestamptz)
        AND c.budget_fen - c.committed_fen >= c.price_per_view_fen AND b.balance >= c.price_per_view_fen) AS any`);
  const history = await tx
    .select({ setId: adSets.id, completedAt: adSets.completedAt, rewardFen: adSets.rewardFen, pointsSpent: adSets.pointsSpent })
    .from(adSets)
    .where(and(eq(adSets.userId, input.userId), eq(adSets.status, "completed")))
    .orderBy(desc(adSets.completedAt))
    .limit(20);

  return {
    serverNow: now,
    mallPoints: balances.mallPoints,
    cashFen: balances.cash,
    rules: { viewsPerSet: settings.viewsPerSet, setsPerUserPerDay: settings.setsPerUserPerDay, setsPerDevicePerDay: settings.setsPerDevicePerDay, setIdleMinutes: settings.setIdleMinutes, tiers: settings.tiers, commissionL1Bp: settings.commissionL1Bp, commissionL2Bp: settings.commissionL2Bp },
    myTier: rewardTierFor(settings.tiers, balances.mallPoints),
    setsDoneToday,
    setsLeftToday: Math.max(0, settings.setsPerUserPerDay - setsDoneToday),
    current,
    adsAvailable: Boolean(available?.any),
    history: history.map((h) => ({ setId: h.setId, completedAt: h.completedAt ?? now, rewardFen: h.rewardFen, pointsSpent: h.pointsSpent })),
  };
}

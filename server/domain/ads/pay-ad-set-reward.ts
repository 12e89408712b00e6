import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adSets } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { applyRatioBp } from "../shared/money";
import { postTransfers, type TransferInput } from "../ledger";
import { validReferrers } from "../referrals/valid-referrers";
import type { AdSettings } from "./ad-settings";
import { completedSetsOn } from "./ad-counts";
import { readMallPoints } from "./mall-points";
import { rewardTierFor } from "./reward-tier";
import type { AdSetRow } from "./start-ad-set";

export interface AdSetReward {
  rewardFen: number;
  pointsSpent: number;
  commissionFen: number;
}

/**
 * A completed set's cash-out (spec §6), in the transaction that completes its last view: the tier of
 * the shopper's mall-point balance now (locked) decides the cash reward and the points spent; the L1
 * and L2, if valid promoters, get their commission at once. Keys derive from the shopper, the set's
 * business day and its number, so the set pays once whatever retries.
 */
export async function payAdSetReward(tx: DbOrTx, clock: Clock, settings: AdSettings, set: AdSetRow): Promise<AdSetReward> {
  if ((await completedSetsOn(tx, set.userId, set.businessDay)) >= settings.setsPerUserPerDay) throw new DomainError("AD_DAILY_CAP", { cap: settings.setsPerUserPerDay });
  const balance = await readMallPoints(tx, set.userId, true);
  const tier = rewardTierFor(settings.tiers, balance);
  if (!tier) throw new DomainError("AD_NO_POINTS", { balance, min: settings.tiers[0]?.minPoints ?? 1 });

  const key = `ads:${set.userId}:${set.businessDay}:${set.setNo}`;
  const ref = { type: "ad_set", id: set.id };
  const transfers: TransferInput[] = [
    { key: `${key}:reward`, asset: "cash", from: { platform: "ad_rewards" }, to: { userId: set.userId }, amount: tier.rewardFen, reason: "ads.reward", ref },
    { key: `${key}:points`, asset: "mallPoints", from: { userId: set.userId }, to: { platform: "ad_rewards" }, amount: tier.pointsCost, reason: "ads.points", ref },
  ];
  let commissionFen = 0;
  const referrers = await validReferrers(tx, clock, set.userId);
  referrers.forEach((beneficiary, i) => {
    const amount = applyRatioBp(tier.rewardFen, i === 0 ? settings.commissionL1Bp : settings.commissionL2Bp);
    if (!beneficiary || amount <= 0) return;
    commissionFen += amount;
    transfers.push({ key: `${key}:commission.L${i + 1}`, asset: "cash", from: { platform: "ad_commissions" }, to: { userId: beneficiary }, amount, reason: `ads.commission.L${i + 1}`, ref });
  });
  await postTransfers(tx, clock, transfers);
  await tx.update(adSets).set({ status: "completed", completedAt: clock.now(), rewardFen: tier.rewardFen, pointsSpent: tier.pointsCost, commissionFen }).where(eq(adSets.id, set.id));
  return { rewardFen: tier.rewardFen, pointsSpent: tier.pointsCost, commissionFen };
}

import type { TransferInput } from "../ledger";
import type { ActivityConfig } from "../shared/activity-config";
import { applyRatioBp } from "../shared/money";

/** 动态释放二: a valid referrer's credit release, fixed or a ratio of their balance, never above it. */
export function referralReleaseFen(level: ActivityConfig["referral"]["L1"], creditBalanceFen: number): number {
  if (!level.on || creditBalanceFen <= 0) return 0;
  const wanted = level.mode === "fixed" ? level.amountFen : applyRatioBp(creditBalanceFen, level.ratioBp);
  return Math.min(wanted, creditBalanceFen);
}

/**
 * 动态释放二 of one drawn group (spec §2): for each winning entry, its user's L1 and L2, if valid
 * promoters now, release credit (fixed or a ratio of their balance) into cash, never more than they
 * hold. The balance runs across the group's winners: a referrer of two winners releases the second
 * time from what the first release left. `credit` is the balances after the group's own rewards; it
 * is not changed here.
 */
export function referralTransfers(
  config: ActivityConfig,
  winners: readonly { id: string; userId: string }[],
  chains: ReadonlyMap<string, readonly string[]>,
  valid: ReadonlySet<string>,
  credit: ReadonlyMap<string, number>,
): TransferInput[] {
  const left = new Map(credit);
  const out: TransferInput[] = [];
  for (const w of winners) {
    (chains.get(w.userId) ?? []).slice(0, 2).forEach((referrerId, level) => {
      if (!valid.has(referrerId)) return;
      const code = level === 0 ? "R-L1" : "R-L2";
      const amount = referralReleaseFen(level === 0 ? config.referral.L1 : config.referral.L2, left.get(referrerId) ?? 0);
      if (amount <= 0) return;
      left.set(referrerId, (left.get(referrerId) ?? 0) - amount);
      const ref = { type: "entry", id: w.id };
      out.push(
        { key: `entry:${w.id}:${code}.credit`, asset: "credit", from: { userId: referrerId }, to: { platform: "credit_issued" }, amount, reason: `draw.${code}.credit`, ref },
        { key: `entry:${w.id}:${code}.cash`, asset: "cash", from: { platform: "rewards_expense" }, to: { userId: referrerId }, amount, reason: `draw.${code}.cash`, ref },
      );
    });
  }
  return out;
}

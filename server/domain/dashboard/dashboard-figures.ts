import { adSubsidyFen } from "../ads/ad-report";
import { NO_COUNTS, type DayCounts } from "./day-counts";
import type { FlowRow } from "./ledger-flows";

/**
 * Which ledger reasons make which dashboard figure: the one map from the ledger's vocabulary
 * (the `reason` each domain function writes) to what operators read. Amounts are fen, except
 * the `Points` figures (W-B, W-F, L-C), which are points.
 */
const SUMS = {
  gmvGroupFen: ["join.pay"],
  gmvStoreFen: ["store.pay.cash", "store.pay.voucher"],
  dissolvedRefundsFen: ["group.dissolved.timeout", "group.dissolved.conflict"],
  rewardWAVoucherFen: ["draw.W-A"],
  rewardWBPoints: ["draw.W-B"],
  rewardWCFen: ["draw.W-C"],
  rewardWDFen: ["draw.W-D.cash"],
  rewardWFPoints: ["draw.W-F"],
  rewardLAFen: ["draw.L-A"],
  rewardLBFen: ["draw.L-B.cash"],
  rewardLCPoints: ["draw.L-C"],
  referralReleaseFen: ["draw.R-L1.cash", "draw.R-L2.cash"],
  dailyDividendFen: ["settlement.daily-dividend"],
  staticReleaseFen: ["settlement.static-release.cash"],
  poolPayoutFen: ["pool.settlement"],
  storeRefundsFen: ["store.refund.cash", "store.refund.voucher"],
  storeCommissionFen: ["store.commission.L1", "store.commission.L2"],
  topupsFen: ["topup"],
  withdrawalsRequestedFen: ["withdrawal.hold"],
  withdrawalsPaidFen: ["withdrawal.payout"],
  withdrawalsReturnedFen: ["withdrawal.returned", "withdrawal.failed"],
  adRevenueFen: ["ads.view.revenue", "ads.network.revenue"],
  adRewardsFen: ["ads.reward"],
  adCommissionsFen: ["ads.commission.L1", "ads.commission.L2"],
} as const satisfies Record<string, readonly string[]>;

/** Figures that count ledger entries rather than sum them. */
const COUNTS = {
  entries: ["join.pay"],
  winners: ["draw.settle"],
  losers: ["draw.L-0"],
  topups: ["topup"],
  withdrawalsPaid: ["withdrawal.payout"],
} as const satisfies Record<string, readonly string[]>;

export type SumFigure = keyof typeof SUMS;
export type CountFigure = keyof typeof COUNTS;
export const SUM_FIGURES = Object.keys(SUMS) as SumFigure[];
export const COUNT_FIGURES = Object.keys(COUNTS) as CountFigure[];

export type DayFigures = Record<SumFigure | CountFigure, number> &
  DayCounts & {
    gmvFen: number;
    /** What the ad cash-out cost beyond ad revenue (the same rule as the ads report). */
    adSubsidyFen: number;
  };

/** The reasons each figure reads, for tests that recompute the figures straight from ledger_entries. */
export const FIGURE_REASONS: { sums: Record<SumFigure, readonly string[]>; counts: Record<CountFigure, readonly string[]> } = { sums: SUMS, counts: COUNTS };

const sumReasons = new Map<string, SumFigure>(SUM_FIGURES.flatMap((f) => SUMS[f].map((r) => [r, f] as const)));
const countReasons = new Map<string, CountFigure[]>();
for (const f of COUNT_FIGURES) for (const r of COUNTS[f]) countReasons.set(r, [...(countReasons.get(r) ?? []), f]);

/** One day's (or a range's) figures from its flows and counts. */
export function figuresOf(flows: readonly FlowRow[], counts: DayCounts = NO_COUNTS): DayFigures {
  const base = Object.fromEntries([...SUM_FIGURES, ...COUNT_FIGURES].map((k) => [k, 0])) as Record<SumFigure | CountFigure, number>;
  for (const f of flows) {
    const sum = sumReasons.get(f.reason);
    if (sum) base[sum] += f.amount;
    for (const c of countReasons.get(f.reason) ?? []) base[c] += f.entries;
  }
  return {
    ...base,
    ...counts,
    gmvFen: base.gmvGroupFen + base.gmvStoreFen,
    adSubsidyFen: adSubsidyFen({ revenueFen: base.adRevenueFen, rewardsFen: base.adRewardsFen, commissionsFen: base.adCommissionsFen }),
  };
}

/** Adds figures (a range's totals from its days). */
export function addFigures(days: readonly DayFigures[]): DayFigures {
  const out = figuresOf([]);
  for (const d of days) for (const k of Object.keys(out) as (keyof DayFigures)[]) out[k] += d[k];
  return out;
}

import { z } from "zod";
import { DEFAULT_ASSUMPTIONS, economicsPreview, type EconomicsAssumptions, type EconomicsInput } from "./economics-preview";
import { applyRatioBp } from "../shared/money";

/*
 * Spec §10: a seeded simulation of `days` of participation at one activity's settings, plotting the
 * outstanding liabilities it builds up. Deliberately simple, every step stated here, all in
 * integer fen / points, and pure (the editor runs it in the browser as the operator types):
 *
 * - The book starts empty. Each day d, groups_d = ⌊dailyGroups × f_d⌋ full groups are drawn, where
 *   f_d is uniform in [0.80, 1.20] (in basis points) from a mulberry32 stream seeded by `seed`:
 *   the same seed gives the same series, to the fen.
 * - Every group creates what economicsPreview says one group creates: W-C credit, W-B dividend
 *   points, W-F + L-C mall points, W-A vouchers; and costs its fixed cash (L-A, W-E, product cost).
 * - Credit releases (W-D, L-B): `creditHolderShareBp` of the day's entries are by shoppers who
 *   hold enough credit, and release their full ratio × P; never more than the credit outstanding
 *   at the start of the day. Referral releases and static release are not modelled (both only
 *   lower credit, so the credit line is on the high side).
 * - Mall points: `mallPointsRedeemBpPerDay` of the outstanding points are cashed out each day
 *   through ads at their cash value (default 0.5 %: the spec's "1 point a day, recovered over 200
 *   days"). Ad revenue that funds them is not modelled.
 * - Dividend points are never cashable and stay in the pool after each monthly share-out, so they
 *   only grow. Vouchers are counted until spent; spending is not modelled.
 * - Cumulative cash margin: Σ groups × (revenue − fixed cash) − releases − mall-point cash-outs.
 */

export const ProjectionOptionsSchema = z.object({
  days: z.number().int().min(30).max(365),
  dailyGroups: z.number().int().min(1).max(10_000),
  seed: z.number().int().min(0).max(0xffff_ffff),
  creditHolderShareBp: z.number().int().min(0).max(10_000),
  mallPointsRedeemBpPerDay: z.number().int().min(0).max(10_000),
});
export type ProjectionOptions = z.infer<typeof ProjectionOptionsSchema>;

export const DEFAULT_PROJECTION: ProjectionOptions = { days: 90, dailyGroups: 20, seed: 1, creditHolderShareBp: 5_000, mallPointsRedeemBpPerDay: 50 };

export interface ProjectionDay {
  day: number;
  groups: number;
  /** Outstanding at the end of the day. */
  creditFen: number;
  divPoints: number;
  mallPoints: number;
  voucherFen: number;
  /** credit + mall points and dividend points at their cash value + vouchers. */
  cashEquivalentFen: number;
  /** Cash paid out that day by credit releases and mall-point cash-outs. */
  releasedFen: number;
  cashedOutFen: number;
  cumulativeCashMarginFen: number;
}

export interface LiabilityProjection {
  series: ProjectionDay[];
  /** The day with the highest cash-equivalent liabilities. */
  peak: ProjectionDay;
  last: ProjectionDay;
  totalGroups: number;
}

/** mulberry32: a tiny, well-known 32-bit PRNG; good enough for volume noise, and identical on every engine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export function liabilityProjection(input: EconomicsInput, assumptions: EconomicsAssumptions = DEFAULT_ASSUMPTIONS, rawOptions: ProjectionOptions = DEFAULT_PROJECTION): LiabilityProjection {
  const o = ProjectionOptionsSchema.parse(rawOptions);
  const g = economicsPreview(input, assumptions);
  const fixedMarginPerGroup = g.revenueFen - g.cash.cashBonusFen - g.cash.dividendPoolFen - g.cash.productCostFen;
  const releasePerGroup = applyRatioBp(g.cash.winnerReleaseFen.maxFen + g.cash.loserReleaseFen.maxFen, o.creditHolderShareBp);
  const mallValue = assumptions.mallPointValueFen;
  const divValue = assumptions.divPointValueFen;

  const next = mulberry32(o.seed);
  let credit = 0;
  let divPoints = 0;
  let mallPoints = 0;
  let vouchers = 0;
  let margin = 0;
  let totalGroups = 0;
  const series: ProjectionDay[] = [];
  for (let day = 1; day <= o.days; day++) {
    const factorBp = 8_000 + (next() % 4_001);
    const groups = applyRatioBp(o.dailyGroups, factorBp);
    totalGroups += groups;
    const released = Math.min(credit, groups * releasePerGroup);
    credit += groups * g.liabilities.creditIssuedFen - released;
    const cashedOutPoints = applyRatioBp(mallPoints, o.mallPointsRedeemBpPerDay);
    mallPoints += groups * g.liabilities.mallPoints - cashedOutPoints;
    divPoints += groups * g.liabilities.divPoints;
    vouchers += groups * g.liabilities.voucherFen;
    const cashedOutFen = cashedOutPoints * mallValue;
    margin += groups * fixedMarginPerGroup - released - cashedOutFen;
    series.push({
      day,
      groups,
      creditFen: credit,
      divPoints,
      mallPoints,
      voucherFen: vouchers,
      cashEquivalentFen: credit + mallPoints * mallValue + divPoints * divValue + vouchers,
      releasedFen: released,
      cashedOutFen,
      cumulativeCashMarginFen: margin,
    });
  }
  const [first] = series;
  const last = series.at(-1);
  if (!first || !last) throw new Error("a projection has at least 30 days");
  const peak = series.reduce((best, d) => (d.cashEquivalentFen > best.cashEquivalentFen ? d : best), first);
  return { series, peak, last, totalGroups };
}

import { z } from "zod";
import { settleDrawnGroup, type SettledEntry } from "../draw/group-rewards";
import { referralReleaseFen } from "../draw/referral-release";
import { applyRatioBp } from "../shared/money";
import { ActivityConfigSchema, PRIZE_CAP_FEN } from "../shared/activity-config";

/*
 * Spec §10: the money of one full group at the settings being edited, before they are saved.
 * Pure and free of server-only imports: the activity editor runs it in the browser on every
 * keystroke, and the amounts come from settleDrawnGroup itself (a synthetic drawn group), so the
 * preview and a real draw can never disagree about a fen.
 */

/** What the operator assumes about the shoppers, since the preview has no real ones. */
export const EconomicsAssumptionsSchema = z.object({
  /** Cost of a shipped product prize, as a share of P. */
  productCostBp: z.number().int().min(0).max(10_000),
  /** Credit (购物金) each participant — and each referrer — holds before the group: caps W-D, L-B and referral releases. */
  creditHeldFen: z.number().int().min(0).max(1_000_000_000),
  /** Cash value of one mall point (the default ad cash-out tier pays ¥1.00 for 1 point). */
  mallPointValueFen: z.number().int().min(0).max(10_000),
  /** Cash value of one dividend point. They are never cashable (their payout is a share of profit), so 0 by default. */
  divPointValueFen: z.number().int().min(0).max(10_000),
});
export type EconomicsAssumptions = z.infer<typeof EconomicsAssumptionsSchema>;

export const DEFAULT_ASSUMPTIONS: EconomicsAssumptions = { productCostBp: 6_000, creditHeldFen: 100_00, mallPointValueFen: 100, divPointValueFen: 0 };

export const EconomicsInputSchema = z
  .object({
    priceFen: z.number().int().positive().max(PRIZE_CAP_FEN),
    groupSize: z.number().int().min(2).max(100),
    winners: z.number().int().min(1),
    config: ActivityConfigSchema,
    /** Kinds of the activity's items in display order; winners are assumed to take them in turn. */
    itemKinds: z.array(z.enum(["product", "voucher"])).min(1).max(10),
  })
  .refine((a) => a.winners < a.groupSize, { path: ["winners"], message: "K_NOT_LESS_THAN_N" });
export type EconomicsInput = z.infer<typeof EconomicsInputSchema>;

/** An amount that depends on the shoppers' credit: exact at the stated assumption, and its range over any credit held. */
export interface Ranged {
  fen: number;
  minFen: number;
  maxFen: number;
}

export interface EconomicsPreview {
  entries: number;
  /** N × P paid in; K × P kept as revenue; the rest refunded (L-0). */
  collectedFen: number;
  revenueFen: number;
  refundsFen: number;
  /** Cash the group costs the platform (paid now, or tomorrow for W-E). */
  cash: {
    cashBonusFen: number; // L-A
    winnerReleaseFen: Ranged; // W-D
    loserReleaseFen: Ranged; // L-B
    referralReleaseFen: Ranged; // 动态释放二, L1 + L2 for each winner
    dividendPoolFen: number; // W-E
    productCostFen: number; // W-A product prizes at productCostBp
    totalFen: Ranged;
  };
  /** Cash-equivalent promises the group creates. Releases settle credit promised earlier. */
  liabilities: {
    creditIssuedFen: number; // W-C
    creditReleasedFen: Ranged; // W-D + L-B + referral: credit turned into cash above
    divPoints: number; // W-B
    divPointsFen: number;
    mallPoints: number; // W-F + L-C
    mallPointsFen: number;
    voucherFen: number; // W-A voucher prizes
    /** creditIssued − creditReleased + points at their value + vouchers. */
    netFen: Ranged;
  };
  productPrizes: number;
  voucherPrizes: number;
  /** Revenue minus cash costs. */
  cashMarginFen: Ranged;
  /** Cash margin minus the net liabilities created: what the group earns once its promises are counted at face value. */
  marginAfterLiabilitiesFen: number;
  /** What one winning / one losing participant gets, at the assumption. */
  perWinner: { dividendPoolFen: number; creditFen: number; divPoints: number; mallPoints: number; releaseFen: number };
  perLoser: { refundFen: number; cashFen: number; mallPoints: number; releaseFen: number };
}

/** Totals of one settled synthetic group, by reward code (the part of the key after the entry id). */
function settleTotals(input: EconomicsInput, creditHeldFen: number) {
  const entries: SettledEntry[] = Array.from({ length: input.groupSize }, (_, i) => ({
    entryId: `e${i + 1}`,
    userId: `u${i + 1}`,
    seat: i + 1,
    // Winners take the seats 1..K and the items in turn; which seats win does not change a total.
    itemKind: input.itemKinds[i % input.itemKinds.length] ?? "product",
    won: i < input.winners,
  }));
  const creditBefore = new Map(entries.map((e) => [e.userId, creditHeldFen]));
  const s = settleDrawnGroup({ groupId: "preview", priceFen: input.priceFen, config: input.config, entries, creditBefore });
  const byCode = new Map<string, number>();
  for (const t of s.transfers) {
    const code = t.reason.replace(/^draw\./, "");
    byCode.set(code, (byCode.get(code) ?? 0) + t.amount);
  }
  const sum = (code: string) => byCode.get(code) ?? 0;
  let pool = 0;
  for (const v of s.dividendPoolFen.values()) pool += v;
  const productPrizes = s.prizes.filter((p) => p.kind === "product").length;
  const voucherPrizes = s.prizes.filter((p) => p.kind === "voucher").length;
  const referral = input.winners * (referralReleaseFen(input.config.referral.L1, creditHeldFen) + referralReleaseFen(input.config.referral.L2, creditHeldFen));
  return { sum, pool, productPrizes, voucherPrizes, referral };
}

const ranged = (at: number, a: number, b: number): Ranged => ({ fen: at, minFen: Math.min(a, b), maxFen: Math.max(a, b) });

/**
 * The economics of one full group. Credit releases are computed three times: with no credit held
 * (nothing released), with unlimited credit (every release at its full ratio × P) and at the stated
 * assumption, so the operator sees both the range and a point inside it.
 */
export function economicsPreview(rawInput: EconomicsInput, rawAssumptions: EconomicsAssumptions = DEFAULT_ASSUMPTIONS): EconomicsPreview {
  const input = EconomicsInputSchema.parse(rawInput);
  const a = EconomicsAssumptionsSchema.parse(rawAssumptions);
  const P = input.priceFen;
  const at = settleTotals(input, a.creditHeldFen);
  const none = settleTotals(input, 0);
  // Enough credit that no release is capped: every ratio is at most 100% of P.
  const full = settleTotals(input, P * 2);

  const revenueFen = at.sum("settle");
  const refundsFen = at.sum("L-0");
  const cashBonusFen = at.sum("L-A");
  const dividendPoolFen = at.pool;
  const productCostFen = at.productPrizes * applyRatioBp(P, a.productCostBp);
  const wd = ranged(at.sum("W-D.cash"), none.sum("W-D.cash"), full.sum("W-D.cash"));
  const lb = ranged(at.sum("L-B.cash"), none.sum("L-B.cash"), full.sum("L-B.cash"));
  // A ratio-of-balance referral release has no upper bound but the balance: its range ends at the assumption.
  const ref = ranged(at.referral, 0, at.referral);
  const fixedCash = cashBonusFen + dividendPoolFen + productCostFen;
  const cashTotal = ranged(fixedCash + wd.fen + lb.fen + ref.fen, fixedCash + wd.minFen + lb.minFen, fixedCash + wd.maxFen + lb.maxFen + ref.maxFen);

  const creditIssuedFen = at.sum("W-C");
  const released = ranged(wd.fen + lb.fen + ref.fen, wd.minFen + lb.minFen, wd.maxFen + lb.maxFen + ref.maxFen);
  const divPoints = at.sum("W-B");
  const mallPoints = at.sum("W-F") + at.sum("L-C");
  const divPointsFen = divPoints * a.divPointValueFen;
  const mallPointsFen = mallPoints * a.mallPointValueFen;
  const voucherFen = at.sum("W-A");
  const otherLiabilities = creditIssuedFen + divPointsFen + mallPointsFen + voucherFen;
  // More released means more cash out but less credit owed: the net liability moves the other way.
  const netLiabilities: Ranged = { fen: otherLiabilities - released.fen, minFen: otherLiabilities - released.maxFen, maxFen: otherLiabilities - released.minFen };
  const cashMargin: Ranged = { fen: revenueFen - cashTotal.fen, minFen: revenueFen - cashTotal.maxFen, maxFen: revenueFen - cashTotal.minFen };
  // Releases cancel out here: they cost cash, but settle credit already counted when it was issued.
  const after = revenueFen - fixedCash - otherLiabilities;

  const K = input.winners;
  const L = input.groupSize - K;
  const per = (total: number, n: number) => (n > 0 ? Math.floor(total / n) : 0);
  return {
    entries: input.groupSize,
    collectedFen: input.groupSize * P,
    revenueFen,
    refundsFen,
    cash: { cashBonusFen, winnerReleaseFen: wd, loserReleaseFen: lb, referralReleaseFen: ref, dividendPoolFen, productCostFen, totalFen: cashTotal },
    liabilities: { creditIssuedFen, creditReleasedFen: released, divPoints, divPointsFen, mallPoints, mallPointsFen, voucherFen, netFen: netLiabilities },
    productPrizes: at.productPrizes,
    voucherPrizes: at.voucherPrizes,
    cashMarginFen: cashMargin,
    marginAfterLiabilitiesFen: after,
    perWinner: { dividendPoolFen: per(dividendPoolFen, K), creditFen: per(creditIssuedFen, K), divPoints: per(divPoints, K), mallPoints: per(at.sum("W-F"), K), releaseFen: per(wd.fen, K) },
    perLoser: { refundFen: per(refundsFen, L), cashFen: per(cashBonusFen, L), mallPoints: per(at.sum("L-C"), L), releaseFen: per(lb.fen, L) },
  };
}

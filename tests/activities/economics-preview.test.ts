import { describe, expect, it } from "vitest";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { DEFAULT_ASSUMPTIONS, economicsPreview, type EconomicsAssumptions, type EconomicsInput } from "@/server/domain/activities/economics-preview";
import { bareConfig, configWith } from "../helpers/group-fixtures";

const P = 99_00; // ¥99.00
const base: EconomicsInput = { priceFen: P, groupSize: 10, winners: 3, config: DEFAULT_ACTIVITY_CONFIG, itemKinds: ["product"] };
const noCredit: EconomicsAssumptions = { ...DEFAULT_ASSUMPTIONS, creditHeldFen: 0 };

describe("economicsPreview: the default config at P = ¥99.00, N = 10, K = 3", () => {
  it("revenue, refunds, every cash cost and liability to the fen (no credit held)", () => {
    const e = economicsPreview(base, noCredit);
    expect(e.collectedFen).toBe(99_000);
    expect(e.revenueFen).toBe(29_700); // K × P kept
    expect(e.refundsFen).toBe(69_300); // 7 × P refunded (L-0)
    expect(e.cash.cashBonusFen).toBe(3_465); // L-A: 7 × ⌊5% × 9900⌋ = 7 × 495
    expect(e.cash.dividendPoolFen).toBe(2_970); // W-E: 3 × 990
    expect(e.cash.productCostFen).toBe(17_820); // W-A product at 60%: 3 × 5940
    expect(e.cash.winnerReleaseFen).toEqual({ fen: 0, minFen: 0, maxFen: 1_485 }); // W-D: up to 3 × 495
    expect(e.cash.loserReleaseFen).toEqual({ fen: 0, minFen: 0, maxFen: 3_465 }); // L-B: up to 7 × 495
    expect(e.cash.referralReleaseFen).toEqual({ fen: 0, minFen: 0, maxFen: 0 });
    expect(e.cash.totalFen).toEqual({ fen: 24_255, minFen: 24_255, maxFen: 29_205 });
    expect(e.cashMarginFen).toEqual({ fen: 5_445, minFen: 495, maxFen: 5_445 });

    expect(e.liabilities.creditIssuedFen).toBe(29_700); // W-C: 3 × 100% × P
    expect(e.liabilities.divPoints).toBe(297); // W-B: 3 × 99 points
    expect(e.liabilities.divPointsFen).toBe(0); // never cashable: valued at 0 by default
    expect(e.liabilities.mallPoints).toBe(990); // W-F 3 × 99 + L-C 7 × 99
    expect(e.liabilities.mallPointsFen).toBe(99_000); // at ¥1.00 a point
    expect(e.liabilities.voucherFen).toBe(0);
    expect(e.liabilities.netFen).toEqual({ fen: 128_700, minFen: 123_750, maxFen: 128_700 });
    expect(e.marginAfterLiabilitiesFen).toBe(5_445 - 128_700);
    expect(e.productPrizes).toBe(3);
    expect(e.voucherPrizes).toBe(0);
    expect(e.perWinner).toEqual({ dividendPoolFen: 990, creditFen: 9_900, divPoints: 99, mallPoints: 99, releaseFen: 0 });
    expect(e.perLoser).toEqual({ refundFen: 9_900, cashFen: 495, mallPoints: 99, releaseFen: 0 });
  });

  it("at the default assumption (¥100 of credit held) every release is at its full ratio, referral releases included", () => {
    const e = economicsPreview(base);
    expect(e.cash.winnerReleaseFen.fen).toBe(1_485);
    expect(e.cash.loserReleaseFen.fen).toBe(3_465);
    // L1 1% and L2 0.5% of a referrer's ¥100: 100 + 50 fen, for each of 3 winners.
    expect(e.cash.referralReleaseFen).toEqual({ fen: 450, minFen: 0, maxFen: 450 });
    expect(e.cash.totalFen.fen).toBe(24_255 + 1_485 + 3_465 + 450);
    expect(e.cashMarginFen.fen).toBe(29_700 - 29_655);
    expect(e.liabilities.creditReleasedFen.fen).toBe(5_400);
    // Releases settle credit counted when it was issued: the margin after liabilities does not move.
    expect(e.marginAfterLiabilitiesFen).toBe(economicsPreview(base, noCredit).marginAfterLiabilitiesFen);
  });

  it("a release is capped by the credit held: ¥2.00 each", () => {
    const e = economicsPreview(base, { ...noCredit, creditHeldFen: 200 });
    expect(e.cash.winnerReleaseFen.fen).toBe(3 * 200);
    expect(e.cash.loserReleaseFen.fen).toBe(7 * 200);
  });
});

describe("economicsPreview: table of settings", () => {
  type Case = { name: string; input: Partial<EconomicsInput>; assume?: Partial<EconomicsAssumptions>; want: (e: ReturnType<typeof economicsPreview>) => unknown; expected: unknown };
  const cases: Case[] = [
    { name: "voucher item: W-A is a voucher of P per winner, no product cost", input: { itemKinds: ["voucher"] }, want: (e) => [e.liabilities.voucherFen, e.cash.productCostFen, e.voucherPrizes], expected: [29_700, 0, 3] },
    { name: "product + voucher items: winners take them in turn (P, V, P)", input: { itemKinds: ["product", "voucher"] }, want: (e) => [e.productPrizes, e.voucherPrizes, e.cash.productCostFen, e.liabilities.voucherFen], expected: [2, 1, 11_880, 9_900] },
    { name: "product cost 0%", input: {}, assume: { productCostBp: 0 }, want: (e) => e.cash.productCostFen, expected: 0 },
    { name: "every reward off: the margin is the revenue", input: { config: bareConfig() }, want: (e) => [e.cash.totalFen, e.liabilities.netFen.fen, e.cashMarginFen.fen, e.marginAfterLiabilitiesFen], expected: [{ fen: 0, minFen: 0, maxFen: 0 }, 0, 29_700, 29_700] },
    { name: "W-A off: no prize, no product cost", input: { config: configWith({ rewards: { WA: { on: false } } }) }, want: (e) => [e.productPrizes, e.cash.productCostFen], expected: [0, 0] },
    { name: "¥19.99 rounds every ratio down: L-A 5% = 99 fen × 7", input: { priceFen: 1_999 }, want: (e) => [e.cash.cashBonusFen, e.liabilities.divPoints, e.liabilities.mallPoints], expected: [693, 57, 190] },
    { name: "N = 2, K = 1", input: { groupSize: 2, winners: 1 }, want: (e) => [e.revenueFen, e.refundsFen, e.cash.cashBonusFen], expected: [9_900, 9_900, 495] },
    { name: "mall points at ¥0.10, dividend points at ¥0.05", input: {}, assume: { mallPointValueFen: 10, divPointValueFen: 5 }, want: (e) => [e.liabilities.mallPointsFen, e.liabilities.divPointsFen], expected: [9_900, 1_485] },
    { name: "fixed referral ¥3.00 / ¥1.00 with ¥2.00 held: capped at the balance", input: { config: configWith({ referral: { L1: { mode: "fixed", amountFen: 300 }, L2: { mode: "fixed", amountFen: 100 } } }) }, assume: { creditHeldFen: 200 }, want: (e) => e.cash.referralReleaseFen.fen, expected: 3 * (200 + 100) },
  ];
  it.each(cases)("$name", ({ input, assume, want, expected }) => {
    expect(want(economicsPreview({ ...base, ...input }, { ...noCredit, ...assume }))).toEqual(expected);
  });

  it("refuses settings a real activity could not have", () => {
    expect(() => economicsPreview({ ...base, winners: 10 })).toThrow();
    expect(() => economicsPreview({ ...base, priceFen: 0 })).toThrow();
    expect(() => economicsPreview({ ...base, priceFen: 50_000_01 })).toThrow();
    expect(() => economicsPreview(base, { ...DEFAULT_ASSUMPTIONS, productCostBp: 10_001 })).toThrow();
  });

  it("cash in = cash kept + refunds, for any price", () => {
    for (const priceFen of [1, 99, 1_999, 9_900, 50_000_00]) {
      const e = economicsPreview({ ...base, priceFen }, noCredit);
      expect(e.revenueFen + e.refundsFen).toBe(e.collectedFen);
    }
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyRatioBp, pointsPerYuan } from "@/server/domain/shared/money";

/** ratio × amount rounded down, and points per yuan, against exact BigInt arithmetic. */
const exact = (amount: number, ratioBp: number, per: bigint) => {
  const p = BigInt(amount) * BigInt(ratioBp);
  const q = p / per;
  return Number(p % per < 0n ? q - 1n : q);
};

describe("applyRatioBp", () => {
  it.each([
    [1999, 333, 66],
    [1999, 10_000, 1999],
    [12345, 50, 61],
    [0, 5000, 0],
    [99, 100, 0],
    // The float quotient of 2^53 − 1 × 1 / 10 000 is correct; a product past 2^53 goes through BigInt.
    [Number.MAX_SAFE_INTEGER, 1, 900_719_925_474],
    [Number.MAX_SAFE_INTEGER, 10_000, Number.MAX_SAFE_INTEGER],
  ])("%d × %d bp → %d", (amount, bp, want) => {
    expect(applyRatioBp(amount, bp)).toBe(want);
  });

  it("equals exact integer arithmetic for any safe amount and ratio (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        expect(applyRatioBp(amount, bp)).toBe(exact(amount, bp, 10_000n));
        expect(pointsPerYuan(amount, bp)).toBe(exact(amount, bp, 1_000_000n));
      }),
      { numRuns: 2000 },
    );
  });
});

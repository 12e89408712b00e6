import { describe, expect, it } from "vitest";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { DEFAULT_ASSUMPTIONS, economicsPreview, type EconomicsInput } from "@/server/domain/activities/economics-preview";
import { DEFAULT_PROJECTION, liabilityProjection, mulberry32 } from "@/server/domain/activities/liability-projection";
import { bareConfig } from "../helpers/group-fixtures";

const input: EconomicsInput = { priceFen: 99_00, groupSize: 10, winners: 3, config: DEFAULT_ACTIVITY_CONFIG, itemKinds: ["product"] };

describe("liabilityProjection", () => {
  it("the same seed gives the same series, to the fen; another seed another", () => {
    const a = liabilityProjection(input, DEFAULT_ASSUMPTIONS, { ...DEFAULT_PROJECTION, seed: 42 });
    const b = liabilityProjection(input, DEFAULT_ASSUMPTIONS, { ...DEFAULT_PROJECTION, seed: 42 });
    const c = liabilityProjection(input, DEFAULT_ASSUMPTIONS, { ...DEFAULT_PROJECTION, seed: 43 });
    expect(b).toEqual(a);
    expect(c.series.map((d) => d.groups)).not.toEqual(a.series.map((d) => d.groups));
  });

  it("mulberry32 is the published generator (seed 1 → 0.6270739405881613, 0.002735721180215478, 0.5274470399599522 as fractions of 2^32)", () => {
    const next = mulberry32(1);
    expect([next(), next(), next()]).toEqual([2693262067, 11749833, 2265367787]);
  });

  it("one series step by step: day 1 from an empty book at seed 1, 20 groups a day", () => {
    const g = economicsPreview(input, DEFAULT_ASSUMPTIONS);
    const p = liabilityProjection(input, DEFAULT_ASSUMPTIONS, DEFAULT_PROJECTION);
    expect(p.series).toHaveLength(90);
    const first = mulberry32(1)();
    const groups = Math.floor((20 * (8_000 + (first % 4_001))) / 10_000);
    const [d1, d2] = p.series;
    expect(d1).toEqual({
      day: 1,
      groups,
      creditFen: groups * 29_700, // W-C, nothing to release yet
      divPoints: groups * 297,
      mallPoints: groups * 990,
      voucherFen: 0,
      cashEquivalentFen: groups * 29_700 + groups * 990 * 100,
      releasedFen: 0,
      cashedOutFen: 0,
      cumulativeCashMarginFen: groups * (g.revenueFen - g.cash.cashBonusFen - g.cash.dividendPoolFen - g.cash.productCostFen),
    });
    // Day 2: half of the entries hold credit and release their full 5% of P (W-D + L-B = ¥49.50 a group at most).
    const wantRelease = Math.min(d1!.creditFen, d2!.groups * Math.floor((4_950 * 5_000) / 10_000));
    expect(d2!.releasedFen).toBe(wantRelease);
    expect(d2!.creditFen).toBe(d1!.creditFen + d2!.groups * 29_700 - wantRelease);
    expect(d2!.cashedOutFen).toBe(Math.floor((d1!.mallPoints * 50) / 10_000) * 100);
  });

  it("daily volume stays within ±20% and the book never goes negative", () => {
    for (const seed of [0, 1, 7, 2 ** 32 - 1]) {
      const p = liabilityProjection(input, DEFAULT_ASSUMPTIONS, { ...DEFAULT_PROJECTION, days: 365, dailyGroups: 100, seed });
      expect(p.series).toHaveLength(365);
      let prevCredit = 0;
      for (const d of p.series) {
        expect(d.groups).toBeGreaterThanOrEqual(80);
        expect(d.groups).toBeLessThanOrEqual(120);
        expect(d.releasedFen).toBeLessThanOrEqual(prevCredit);
        expect(d.creditFen).toBeGreaterThanOrEqual(0);
        expect(d.mallPoints).toBeGreaterThanOrEqual(0);
        prevCredit = d.creditFen;
      }
      expect(p.totalGroups).toBe(p.series.reduce((s, d) => s + d.groups, 0));
      expect(p.peak.cashEquivalentFen).toBe(Math.max(...p.series.map((d) => d.cashEquivalentFen)));
      expect(p.last).toBe(p.series[364]);
    }
  });

  it("with every reward off nothing builds up, and the margin is the revenue", () => {
    const p = liabilityProjection({ ...input, config: bareConfig() }, DEFAULT_ASSUMPTIONS, { ...DEFAULT_PROJECTION, days: 30 });
    expect(p.last.cashEquivalentFen).toBe(0);
    expect(p.last.cumulativeCashMarginFen).toBe(p.totalGroups * 29_700);
  });

  it("refuses a horizon outside 30–365 days and a volume below one group", () => {
    for (const days of [29, 366]) expect(() => liabilityProjection(input, DEFAULT_ASSUMPTIONS, { ...DEFAULT_PROJECTION, days })).toThrow();
    expect(() => liabilityProjection(input, DEFAULT_ASSUMPTIONS, { ...DEFAULT_PROJECTION, dailyGroups: 0 })).toThrow();
  });
});

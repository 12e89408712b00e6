import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { businessDay, businessDayBounds } from "@/server/domain/shared/business-day";

/** What businessDay says without its memo of the last day. */
const dayOf = (ms: number, tz: string) => format(new TZDate(ms, tz), "yyyy-MM-dd");

const ZONES = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago"];
const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });

describe("business days (memoised by the last day asked)", () => {
  it("any sequence of instants, near and far, in any zone, gets the day the timezone gives", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ base: instant, near: fc.integer({ min: -36 * 3_600_000, max: 36 * 3_600_000 }), tz: fc.constantFrom(...ZONES) }), { minLength: 1, maxLength: 40 }),
        (asks) => {
          for (const { base, near, tz } of asks) {
            for (const ms of [base, base + near]) expect(businessDay(new Date(ms), tz)).toBe(dayOf(ms, tz));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a day's bounds hold exactly its instants, asked before or after its instants were", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), fc.boolean(), (ms, tz, dayFirst) => {
        const day = dayOf(ms, tz);
        if (dayFirst) businessDay(new Date(ms), tz);
        const bounds = businessDayBounds(day, tz)!;
        expect(bounds.start.getTime()).toBeLessThanOrEqual(ms);
        expect(bounds.end.getTime()).toBeGreaterThan(ms);
        expect(dayOf(bounds.start.getTime(), tz)).toBe(day);
        expect(dayOf(bounds.start.getTime() - 1, tz)).not.toBe(day);
        expect(dayOf(bounds.end.getTime() - 1, tz)).toBe(day);
        expect(dayOf(bounds.end.getTime(), tz)).not.toBe(day);
      }),
      { numRuns: 300 },
    );
  });

  it("a string that is no calendar day has no bounds, whatever was asked before", () => {
    businessDay(new Date("2026-02-27T12:00:00Z"));
    expect(businessDayBounds("2026-02-30")).toBeNull();
    expect(businessDayBounds("2026-13-01")).toBeNull();
    expect(businessDayBounds("not a day")).toBeNull();
    expect(businessDayBounds("2026-02-27")).toEqual({ start: new Date("2026-02-26T16:00:00Z"), end: new Date("2026-02-27T16:00:00Z") });
  });
});

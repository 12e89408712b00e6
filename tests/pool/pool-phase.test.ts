/**
 * The pool calendar (spec §5) at each boundary, at midnight Asia/Shanghai while the process runs
 * in UTC (vitest sets TZ=UTC): days 1–5 open, 6–24 in only, 25–end frozen, for 28/29/30/31-day months.
 */
import { describe, expect, it } from "vitest";
import { poolAllows, poolCalendar } from "@/server/domain/pool/pool-phase";

/** An instant given as Shanghai wall time (UTC+8, no DST). */
const sh = (wall: string) => new Date(`${wall}+08:00`);

describe("pool calendar", () => {
  it("the process runs in UTC", () => {
    expect(new Date(0).getTimezoneOffset()).toBe(0);
  });

  it.each([
    ["2026-11-01T00:00:00", "open", "2026-11-06T00:00:00"],
    ["2026-11-05T23:59:59.999", "open", "2026-11-06T00:00:00"],
    ["2026-11-06T00:00:00", "inOnly", "2026-11-25T00:00:00"],
    ["2026-11-24T23:59:59.999", "inOnly", "2026-11-25T00:00:00"],
    ["2026-11-25T00:00:00", "frozen", "2026-12-01T00:00:00"],
    // Last day of a 28-, 29-, 30- and 31-day month, and the year's end.
    ["2026-02-28T23:59:59.999", "frozen", "2026-03-01T00:00:00"],
    ["2026-03-01T00:00:00", "open", "2026-03-06T00:00:00"],
    ["2028-02-29T23:59:59.999", "frozen", "2028-03-01T00:00:00"],
    ["2028-03-01T00:00:00", "open", "2028-03-06T00:00:00"],
    ["2026-04-30T23:59:59.999", "frozen", "2026-05-01T00:00:00"],
    ["2026-05-01T00:00:00", "open", "2026-05-06T00:00:00"],
    ["2027-01-31T23:59:59.999", "frozen", "2027-02-01T00:00:00"],
    ["2027-02-01T00:00:00", "open", "2027-02-06T00:00:00"],
    ["2026-12-31T23:59:59.999", "frozen", "2027-01-01T00:00:00"],
    ["2027-01-01T00:00:00", "open", "2027-01-06T00:00:00"],
  ])("%s Shanghai is %s until %s", (wall, phase, next) => {
    const cal = poolCalendar(sh(wall));
    expect(cal.phase).toBe(phase);
    expect(cal.nextPhaseAt.toISOString()).toBe(sh(next).toISOString());
    expect(cal.month).toBe(wall.slice(0, 7));
  });

  it("midnight in Shanghai is 16:00 UTC of the day before", () => {
    // 2026-11-05T16:00Z is the 6th in Shanghai: in UTC it is still the 5th.
    expect(poolCalendar(new Date("2026-11-05T15:59:59Z")).phase).toBe("open");
    expect(poolCalendar(new Date("2026-11-05T16:00:00Z")).phase).toBe("inOnly");
    expect(poolCalendar(new Date("2026-11-30T16:00:00Z")).month).toBe("2026-12");
  });

  it("what each phase allows", () => {
    expect([poolAllows("open", "in"), poolAllows("open", "out")]).toEqual([true, true]);
    expect([poolAllows("inOnly", "in"), poolAllows("inOnly", "out")]).toEqual([true, false]);
    expect([poolAllows("frozen", "in"), poolAllows("frozen", "out")]).toEqual([false, false]);
  });
});

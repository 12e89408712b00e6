/**
 * The e2e server's movable clock (server/test-clock.ts) is on only with E2E_TEST_CLOCK=1 *and* the
 * local pinpin_e2e database, so a stray variable on another server leaves the system clock in place.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

async function load(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  return import("@/server/test-clock");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("test clock", () => {
  it("moves, and moves back, on the e2e server", async () => {
    const c = await load({ E2E_TEST_CLOCK: "1", DATABASE_URL: "postgres://postgres@127.0.0.1:5432/pinpin_e2e" });
    expect(c.testClockEnabled()).toBe(true);
    c.moveTestClock(new Date("2026-12-26T02:00:00Z"));
    expect(Math.abs(c.requestClock().now().getTime() - Date.parse("2026-12-26T02:00:00Z"))).toBeLessThan(1000);
    c.moveTestClock(null);
    expect(Math.abs(c.requestClock().now().getTime() - Date.now())).toBeLessThan(1000);
  });

  for (const [name, vars] of [
    ["without the variable", { E2E_TEST_CLOCK: undefined, DATABASE_URL: "postgres://postgres@127.0.0.1:5432/pinpin_e2e" }],
    ["on another database", { E2E_TEST_CLOCK: "1", DATABASE_URL: "postgres://postgres@127.0.0.1:54329/pinpin" }],
    ["with another value", { E2E_TEST_CLOCK: "true", DATABASE_URL: "postgres://postgres@127.0.0.1:5432/pinpin_e2e" }],
    ["on a remote host", { E2E_TEST_CLOCK: "1", DATABASE_URL: "postgres://postgres@db.example.com:5432/pinpin_e2e" }],
  ] as const) {
    it(`is off ${name}: requests get the system clock and it cannot be moved`, async () => {
      const c = await load(vars);
      expect(c.testClockEnabled()).toBe(false);
      expect(() => c.moveTestClock(new Date("2030-01-01T00:00:00Z"))).toThrow("the test clock is off");
      expect(Math.abs(c.requestClock().now().getTime() - Date.now())).toBeLessThan(1000);
    });
  }
});

import "server-only";
import { E2E_DATABASE } from "./e2e-database";
import { systemClock, type Clock } from "./domain/shared/clock";
import { env } from "./env";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * Whether this server's clock may be moved by a test: only a server started by
 * scripts/e2e-server.ts, which sets E2E_TEST_CLOCK=1 *and* runs on the local database named
 * pinpin_e2e that it recreates for each Playwright run. `npm start` drops the variable, and its
 * database has another name, so a stray variable alone cannot turn it on.
 */
export function testClockEnabled(): boolean {
  const e = env();
  if (e.E2E_TEST_CLOCK !== "1") return false;
  const url = new URL(e.DATABASE_URL);
  return LOCAL_HOSTS.has(url.hostname) && url.pathname === `/${E2E_DATABASE}`;
}

// On globalThis: Next may bundle this module more than once (route handlers, server components).
const state = globalThis as unknown as { pinpinTestClockOffsetMs?: number };

/** The system clock shifted by the offset a test set; time keeps running from there. */
const movedClock: Clock = { now: () => new Date(Date.now() + (state.pinpinTestClockOffsetMs ?? 0)) };

/** The clock requests run on: the system clock, or the moved one on an e2e server. */
export function requestClock(): Clock {
  return testClockEnabled() ? movedClock : systemClock;
}

/** Moves the e2e server's clock so that it reads `at` now (null: back to the real time). */
export function moveTestClock(at: Date | null): Date {
  if (!testClockEnabled()) throw new Error("the test clock is off");
  state.pinpinTestClockOffsetMs = at ? at.getTime() - Date.now() : 0;
  return movedClock.now();
}

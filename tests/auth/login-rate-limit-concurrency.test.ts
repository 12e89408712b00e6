import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { signUp } from "@/server/domain/auth/sign-up";
import { PER_ACCOUNT_AND_SOURCE, PER_SOURCE } from "@/server/domain/auth/sign-in-throttle";
import { verifyCredentials } from "@/server/domain/auth/verify-credentials";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { nextPhone } from "../helpers/factories";

// Guesses sent at the same moment must not all slip under the limit: the attempt is recorded before
// the (slow, argon2) password check, and each attempt counts the others it can see, so no more than
// the free tries are checked however many arrive together.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const attempt = (db: Parameters<typeof verifyCredentials>[0], clock: FixedClock, phone: string, password: string, ip: string) =>
  verifyCredentials(db, clock, { phone, password, ip }).then(
    () => "OK",
    (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
  );

describe("login rate limit under concurrent guesses", () => {
  it("checks at most 5 passwords for one number from one source, however many guesses arrive at once", async () => {
    const clock = new FixedClock("2026-11-25T09:00:00Z");
    const phone = nextPhone();
    await t.db.transaction((tx) => signUp(tx, clock, { phone, password: "right-pass-1" }));
    const pool = createDb(t.url, { max: 25 });
    try {
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => attempt(pool.db, clock, phone, `wrong-${i}-x`, "10.9.0.1")));
      expect(results.filter((r) => r === "BAD_CREDENTIALS").length).toBeLessThanOrEqual(PER_ACCOUNT_AND_SOURCE.free);
      expect(results.filter((r) => r !== "BAD_CREDENTIALS").every((r) => r === "RATE_LIMITED")).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("checks at most 20 passwords from one source, however many guesses arrive at once", async () => {
    const clock = new FixedClock("2026-11-25T10:00:00Z");
    const pool = createDb(t.url, { max: 25 });
    try {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(pool.db, clock, nextPhone(), `guess-${i}-x`, "198.51.100.77")));
      expect(results.filter((r) => r === "BAD_CREDENTIALS").length).toBeLessThanOrEqual(PER_SOURCE.free);
    } finally {
      await pool.close();
    }
  });
});

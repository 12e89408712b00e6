import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { loginAttempts } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { signUp } from "@/server/domain/auth/sign-up";
import { PER_ACCOUNT_AND_SOURCE, PER_SOURCE, THROTTLE_WINDOW_MS, throttleDelayMs } from "@/server/domain/auth/sign-in-throttle";
import { verifyCredentials } from "@/server/domain/auth/verify-credentials";
import { translateError } from "@/server/i18n/translate-error";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { nextPhone } from "../helpers/factories";

let t: TestDb;
const PASSWORD = "right-pass-1";
const MIN = 60_000;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

async function newShopper(clock: FixedClock): Promise<{ id: string; phone: string }> {
  const phone = nextPhone();
  const { userId } = await t.db.transaction((tx) => signUp(tx, clock, { phone, password: PASSWORD }));
  return { id: userId, phone };
}

/** Resolves to the signed-in user, or to the DomainError it was refused with. */
const login = (clock: FixedClock, phone: string, password: string, ip: string) =>
  verifyCredentials(t.db, clock, { phone, password, ip }).catch((e: unknown) => {
    if (e instanceof DomainError) return e;
    throw e;
  });

const codeOf = (r: unknown) => (r instanceof DomainError ? r.code : "OK");

describe("sign-in", () => {
  it("the limits: per number and source 5 free then 15 s doubling, per source 20 free then 5 s doubling, over 15 minutes", () => {
    expect(PER_ACCOUNT_AND_SOURCE).toEqual({ free: 5, firstDelayMs: 15_000 });
    expect(PER_SOURCE).toEqual({ free: 20, firstDelayMs: 5_000 });
    expect(THROTTLE_WINDOW_MS).toBe(15 * MIN);
    expect([4, 5, 6, 7, 8, 12, 30].map((n) => throttleDelayMs(PER_ACCOUNT_AND_SOURCE, n))).toEqual([0, 15_000, 30_000, 60_000, 120_000, 15 * MIN, 15 * MIN]);
  });

  it("signs in with the right number and password, in any spelling of the number", async () => {
    const clock = new FixedClock("2026-11-25T09:00:00Z");
    const u = await newShopper(clock);
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "10.1.0.1" })).resolves.toEqual({
      id: u.id,
      role: "shopper",
      displayName: `用户${u.phone.slice(-4)}`,
    });
    await expect(verifyCredentials(t.db, clock, { phone: `+86 ${u.phone.slice(0, 3)} ${u.phone.slice(3)}`, password: PASSWORD, ip: "10.1.0.1" })).resolves.toMatchObject({ id: u.id });
    const rows = await t.db.select().from(loginAttempts).where(eq(loginAttempts.phone, u.phone));
    expect(rows.map((r) => r.succeeded)).toEqual([true, true]);
  });

  it("gives a wrong password and an unknown number the same BAD_CREDENTIALS", async () => {
    const clock = new FixedClock("2026-11-25T09:00:00Z");
    const u = await newShopper(clock);
    const wrongPassword = await login(clock, u.phone, "wrong-pass-1", "10.1.0.2");
    const unknownNumber = await login(clock, nextPhone(), PASSWORD, "10.1.0.2");
    const malformedNumber = await login(clock, "not a number", PASSWORD, "10.1.0.2");
    for (const r of [wrongPassword, unknownNumber, malformedNumber]) {
      expect(r).toBeInstanceOf(DomainError);
      expect(r).toMatchObject({ code: "BAD_CREDENTIALS", params: {}, message: "BAD_CREDENTIALS" });
    }
    expect(translateError("zh-CN", "BAD_CREDENTIALS")).toBe("手机号或密码错误");
    // Each failure was recorded, successful or not, against the number and the IP.
    const [row] = await t.db.select({ n: count() }).from(loginAttempts).where(and(eq(loginAttempts.ip, "10.1.0.2"), eq(loginAttempts.succeeded, false)));
    expect(row!.n).toBe(3);
  });

  it("a stranger's failures never slow the owner down on their own network", async () => {
    const clock = new FixedClock("2026-11-25T10:00:00Z");
    const u = await newShopper(clock);
    for (let i = 0; i < 40; i++) await login(clock, u.phone, `wrong-${i}-x`, "203.0.113.66");
    expect(codeOf(await login(clock, u.phone, PASSWORD, "203.0.113.66"))).toBe("RATE_LIMITED");
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "10.2.1.1" })).resolves.toMatchObject({ id: u.id });
    // Spread over many sources, each below its own limit: the owner is still not slowed.
    for (let i = 0; i < 30; i++) await login(clock, u.phone, `wrong-${i}-y`, `198.18.0.${i}`);
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "10.2.1.1" })).resolves.toMatchObject({ id: u.id });
  });

  it("one number from one source: 5 free tries, then a wait that doubles, and the error says how long", async () => {
    const clock = new FixedClock("2026-11-25T11:00:00Z");
    const u = await newShopper(clock);
    const ip = "10.3.0.1";
    for (let i = 0; i < 5; i++) expect(codeOf(await login(clock, u.phone, "nope-nope-1", ip))).toBe("BAD_CREDENTIALS");
    const waiting = await login(clock, u.phone, PASSWORD, ip);
    expect(waiting).toMatchObject({ code: "RATE_LIMITED", params: { seconds: 15, minutes: 0 } });
    expect(translateError("zh-CN", "RATE_LIMITED", (waiting as DomainError).params)).toBe("尝试次数过多，请 15 秒后再试");
    expect(translateError("en", "RATE_LIMITED", (waiting as DomainError).params)).toBe("Too many attempts. Try again in 15 seconds.");
    // That refused try counted too: the next wait (30 s) runs from it, and so on.
    clock.advance(14_000);
    expect(await login(clock, u.phone, PASSWORD, ip)).toMatchObject({ code: "RATE_LIMITED", params: { seconds: 16 } });
    clock.advance(59_000);
    expect(await login(clock, u.phone, PASSWORD, ip)).toMatchObject({ code: "RATE_LIMITED", params: { seconds: 1 } });
    clock.advance(120_000);
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip })).resolves.toMatchObject({ id: u.id });
    // Minutes once the wait is a minute or more: 8 failures (refused tries included) mean 2 minutes.
    const v = await newShopper(clock);
    for (let i = 0; i < 8; i++) await login(clock, v.phone, "nope-nope-1", ip);
    const long = await login(clock, v.phone, PASSWORD, ip);
    expect(long).toMatchObject({ code: "RATE_LIMITED", params: { seconds: 120, minutes: 2 } });
    expect(translateError("zh-CN", "RATE_LIMITED", (long as DomainError).params)).toBe("尝试次数过多，请 2 分钟后再试");
    expect(translateError("en", "RATE_LIMITED", (long as DomainError).params)).toBe("Too many attempts. Try again in 2 minutes.");
  });

  it("a guesser who waits exactly as told checks at most 11 passwords in 15 minutes, about one a minute after the first few", async () => {
    const clock = new FixedClock("2026-11-25T12:00:00Z");
    const u = await newShopper(clock);
    const start = clock.now().getTime();
    let checked = 0;
    while (clock.now().getTime() - start < 15 * MIN) {
      const r = await login(clock, u.phone, `guess-${checked}-x`, "198.51.100.3");
      if (r instanceof DomainError && r.code === "RATE_LIMITED") clock.advance(Number(r.params.seconds) * 1000);
      else checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(11);
  });

  it("counts failures over exactly the last 15 minutes", async () => {
    const clock = new FixedClock("2026-11-25T10:30:00Z");
    const u = await newShopper(clock);
    for (let i = 0; i < 12; i++) await login(clock, u.phone, "nope-nope-1", "10.2.2.1");
    clock.set("2026-11-25T10:44:59Z");
    expect(codeOf(await login(clock, u.phone, PASSWORD, "10.2.2.1"))).toBe("RATE_LIMITED");
    clock.set("2026-11-25T11:00:00Z");
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "10.2.2.1" })).resolves.toMatchObject({ id: u.id });
  });

  it("a source walking through numbers waits after 20 failures, and only that source", async () => {
    const clock = new FixedClock("2026-11-25T13:00:00Z");
    const u = await newShopper(clock);
    const attacker = "198.51.100.9";
    for (let i = 0; i < 20; i++) {
      // One failure per number: no (number, source) reaches its own limit.
      expect(codeOf(await login(clock, nextPhone(), `guess-${i}-x`, attacker))).toBe("BAD_CREDENTIALS");
      clock.advance(1_000);
    }
    // 5 s after the latest failure, which was 1 s ago.
    expect(await login(clock, u.phone, PASSWORD, attacker)).toMatchObject({ code: "RATE_LIMITED", params: { seconds: 4 } });
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "198.51.100.10" })).resolves.toMatchObject({ id: u.id });
    clock.advance(11_000);
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: attacker })).resolves.toMatchObject({ id: u.id });
  });

  it("does not slow a source after 19 failures", async () => {
    const clock = new FixedClock("2026-11-25T14:00:00Z");
    const u = await newShopper(clock);
    const ip = "198.51.100.20";
    for (let i = 0; i < 19; i++) await login(clock, nextPhone(), "guess-guess-1", ip);
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip })).resolves.toMatchObject({ id: u.id });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { loginAttempts } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { signUp } from "@/server/domain/auth/sign-up";
import { LOGIN_WINDOW_MS, MAX_FAILURES_PER_IP, MAX_FAILURES_PER_PHONE, verifyCredentials } from "@/server/domain/auth/verify-credentials";
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
  it("the limits are the ones the spec asks for", () => {
    expect(MAX_FAILURES_PER_PHONE).toBe(5);
    expect(MAX_FAILURES_PER_IP).toBe(20);
    expect(LOGIN_WINDOW_MS).toBe(15 * MIN);
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

  it("locks a number after 5 failures in 15 minutes, even for the right password, and lets it in after the window", async () => {
    const clock = new FixedClock("2026-11-25T10:00:00Z");
    const u = await newShopper(clock);
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Failures spread over the window, and through different spellings and IPs: all count for the number.
      results.push(codeOf(await login(clock, i % 2 ? `+86${u.phone}` : u.phone, `wrong-${i}-x`, `10.2.0.${i}`)));
      clock.advance(30_000);
    }
    expect(results).toEqual(Array(5).fill("BAD_CREDENTIALS"));

    const locked = await login(clock, u.phone, PASSWORD, "10.2.1.1");
    expect(locked).toMatchObject({ code: "RATE_LIMITED", params: { minutes: 15 } });
    expect(translateError("zh-CN", "RATE_LIMITED", (locked as DomainError).params)).toBe("尝试次数过多，请 15 分钟后再试");
    // From another IP too: the lock is on the number.
    expect(codeOf(await login(clock, u.phone, PASSWORD, "10.2.1.2"))).toBe("RATE_LIMITED");

    // 14 minutes after the first failure, all five are still inside the window.
    const lockedAt = clock.now();
    clock.set("2026-11-25T10:14:00Z");
    expect(codeOf(await login(clock, u.phone, PASSWORD, "10.2.1.1"))).toBe("RATE_LIMITED");

    // 16 minutes on from the lock, all five have left the window.
    clock.set(new Date(lockedAt.getTime() + 16 * MIN));
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "10.2.1.1" })).resolves.toMatchObject({ id: u.id });
  });

  it("counts failures over exactly the last 15 minutes", async () => {
    const clock = new FixedClock("2026-11-25T10:30:00Z");
    const u = await newShopper(clock);
    for (let i = 0; i < 5; i++) await login(clock, u.phone, "nope-nope-1", "10.2.2.1");
    clock.set("2026-11-25T10:44:59Z");
    expect(codeOf(await login(clock, u.phone, PASSWORD, "10.2.2.1"))).toBe("RATE_LIMITED");
    clock.set("2026-11-25T10:45:01Z");
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "10.2.2.1" })).resolves.toMatchObject({ id: u.id });
  });

  it("does not lock a number after 4 failures", async () => {
    const clock = new FixedClock("2026-11-25T11:00:00Z");
    const u = await newShopper(clock);
    for (let i = 0; i < 4; i++) expect(codeOf(await login(clock, u.phone, "nope-nope-1", "10.3.0.1"))).toBe("BAD_CREDENTIALS");
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "10.3.0.1" })).resolves.toMatchObject({ id: u.id });
  });

  it("a locked number does not lock other numbers", async () => {
    const clock = new FixedClock("2026-11-25T12:00:00Z");
    const victim = await newShopper(clock);
    const bystander = await newShopper(clock);
    for (let i = 0; i < 6; i++) await login(clock, victim.phone, "nope-nope-1", `10.4.0.${i}`);
    expect(codeOf(await login(clock, victim.phone, PASSWORD, "10.4.1.1"))).toBe("RATE_LIMITED");
    await expect(verifyCredentials(t.db, clock, { phone: bystander.phone, password: PASSWORD, ip: "10.4.1.1" })).resolves.toMatchObject({ id: bystander.id });
  });

  it("locks an IP after 20 failures across different numbers, and only that IP", async () => {
    const clock = new FixedClock("2026-11-25T13:00:00Z");
    const u = await newShopper(clock);
    const attacker = "198.51.100.9";
    for (let i = 0; i < 20; i++) {
      // One failure per number: no number reaches its own limit.
      expect(codeOf(await login(clock, nextPhone(), `guess-${i}-x`, attacker))).toBe("BAD_CREDENTIALS");
      clock.advance(10_000);
    }
    // The right password for a real, unlocked number is refused from that IP...
    expect(codeOf(await login(clock, u.phone, PASSWORD, attacker))).toBe("RATE_LIMITED");
    expect(codeOf(await login(clock, nextPhone(), "whatever-1", attacker))).toBe("RATE_LIMITED");
    // ...and accepted from any other.
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: "198.51.100.10" })).resolves.toMatchObject({ id: u.id });
    // The IP is let in again once its failures are older than the window.
    clock.advance(16 * MIN);
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip: attacker })).resolves.toMatchObject({ id: u.id });
  });

  it("does not lock an IP after 19 failures", async () => {
    const clock = new FixedClock("2026-11-25T14:00:00Z");
    const u = await newShopper(clock);
    const ip = "198.51.100.20";
    for (let i = 0; i < 19; i++) await login(clock, nextPhone(), "guess-guess-1", ip);
    await expect(verifyCredentials(t.db, clock, { phone: u.phone, password: PASSWORD, ip })).resolves.toMatchObject({ id: u.id });
  });
});

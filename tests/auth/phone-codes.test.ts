import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneCodes, sandboxSms, users } from "@/db/schema";
import { CODE_TTL_MS, CODES_PER_NUMBER_PER_HOUR, CODES_PER_SOURCE_PER_HOUR } from "@/server/domain/auth/phone-codes";
import { openSession, readLiveSession } from "@/server/domain/auth/sessions";
import { verifyCredentials } from "@/server/domain/auth/verify-credentials";
import { FixedClock } from "@/server/domain/shared/clock";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createUser, nextPhone } from "../helpers/factories";
import { lastTextedCode, randomIp } from "../helpers/phone-code";
import { createTestDb, type TestDb } from "../helpers/test-db";

/** Sign-up and password reset prove the number by a texted one-time code (SECURITY.md). */
let t: TestDb;
const MIN = 60_000;
const PASSWORD = "secret123";
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const anon = (clock: FixedClock, ip = randomIp()) => callerFor(t.db, clock, null, { ip });
const texts = async (phone: string) => (await t.db.select().from(sandboxSms).where(eq(sandboxSms.phone, phone))).map((r) => r.body);
const userCount = async (phone: string) => (await t.db.select({ n: count() }).from(users).where(eq(users.phone, phone)))[0]!.n;

describe("one-time codes", () => {
  it("sign-up needs the texted code; the code works once", async () => {
    const clock = new FixedClock("2026-12-01T01:00:00Z");
    const phone = nextPhone();
    expect((await catchTrpc(() => anon(clock).auth.signUp({ phone, code: "123456", password: PASSWORD }))).domainCode).toBe("CODE_INVALID");
    expect(await anon(clock).auth.requestCode({ phone, purpose: "signup" })).toEqual({ resendAfterSeconds: 60 });
    expect(await texts(phone)).toEqual([expect.stringMatching(/^【拼拼】验证码 \d{6}，5 分钟内有效。/)]);
    const code = (await lastTextedCode(t.db, phone))!;
    await anon(clock).auth.signUp({ phone, code, password: PASSWORD });
    expect(await userCount(phone)).toBe(1);
    // Used: it cannot sign anyone up again (not even after the account is gone from view).
    expect((await catchTrpc(() => anon(clock).auth.signUp({ phone, code, password: PASSWORD }))).domainCode).toBe("CODE_INVALID");
  });

  it("a code expires after 5 minutes", async () => {
    const clock = new FixedClock("2026-12-01T02:00:00Z");
    const phone = nextPhone();
    await anon(clock).auth.requestCode({ phone, purpose: "signup" });
    const code = (await lastTextedCode(t.db, phone))!;
    clock.advance(CODE_TTL_MS);
    expect((await catchTrpc(() => anon(clock).auth.signUp({ phone, code, password: PASSWORD }))).domainCode).toBe("CODE_INVALID");
    expect(await userCount(phone)).toBe(0);
  });

  it("five wrong tries use the code up, even though each wrong try is refused", async () => {
    const clock = new FixedClock("2026-12-01T03:00:00Z");
    const phone = nextPhone();
    await anon(clock).auth.requestCode({ phone, purpose: "signup" });
    const code = (await lastTextedCode(t.db, phone))!;
    const wrong = code === "000000" ? "000001" : "000000";
    for (let i = 0; i < 5; i++) expect((await catchTrpc(() => anon(clock).auth.signUp({ phone, code: wrong, password: PASSWORD }))).domainCode).toBe("CODE_INVALID");
    const [row] = await t.db.select().from(phoneCodes).where(eq(phoneCodes.phone, phone));
    expect(row?.wrongTries).toBe(5);
    expect((await catchTrpc(() => anon(clock).auth.signUp({ phone, code, password: PASSWORD }))).domainCode).toBe("CODE_INVALID");
    expect(await userCount(phone)).toBe(0);
  });

  it("a refused sign-up (weak password) does not burn the code", async () => {
    const clock = new FixedClock("2026-12-01T04:00:00Z");
    const phone = nextPhone();
    await anon(clock).auth.requestCode({ phone, purpose: "signup" });
    const code = (await lastTextedCode(t.db, phone))!;
    expect((await catchTrpc(() => anon(clock).auth.signUp({ phone, code, password: "short1" }))).domainCode).toBe("WEAK_PASSWORD");
    await anon(clock).auth.signUp({ phone, code, password: PASSWORD });
    expect(await userCount(phone)).toBe(1);
  });

  it("a registered number is not revealed: the same answer, and the owner is texted instead of given a code", async () => {
    const clock = new FixedClock("2026-12-01T05:00:00Z");
    const owner = await createUser(t.db);
    const staff = await createUser(t.db, { role: "finance" });
    const fresh = nextPhone();
    const answers = [await anon(clock).auth.requestCode({ phone: owner.phone, purpose: "signup" }), await anon(clock).auth.requestCode({ phone: staff.phone, purpose: "signup" }), await anon(clock).auth.requestCode({ phone: fresh, purpose: "signup" })];
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await texts(owner.phone)).toEqual([expect.stringContaining("该号码已注册")]);
    expect(await lastTextedCode(t.db, owner.phone)).toBeNull();
    // A reset for an unknown number answers the same and texts nothing.
    const nobody = nextPhone();
    expect(await anon(clock).auth.requestCode({ phone: nobody, purpose: "reset" })).toEqual(answers[0]);
    expect(await texts(nobody)).toEqual([]);
  });

  it("limits: one a minute and 5 an hour per number, 20 an hour per source, each saying when to retry", async () => {
    const clock = new FixedClock("2026-12-01T06:00:00Z");
    const phone = nextPhone();
    await anon(clock).auth.requestCode({ phone, purpose: "signup" });
    clock.advance(30_000);
    const soon = await catchTrpc(() => anon(clock).auth.requestCode({ phone, purpose: "signup" }));
    expect(soon).toMatchObject({ domainCode: "RATE_LIMITED", message: "尝试次数过多，请 30 秒后再试" });
    for (let i = 1; i < CODES_PER_NUMBER_PER_HOUR; i++) {
      clock.advance(MIN);
      await anon(clock).auth.requestCode({ phone, purpose: "signup" });
    }
    clock.advance(MIN);
    expect((await catchTrpc(() => anon(clock).auth.requestCode({ phone, purpose: "signup" }))).domainCode).toBe("RATE_LIMITED");
    clock.advance(60 * MIN);
    await anon(clock).auth.requestCode({ phone, purpose: "signup" });

    const source = "198.51.100.44";
    for (let i = 0; i < CODES_PER_SOURCE_PER_HOUR; i++) await anon(clock, source).auth.requestCode({ phone: nextPhone(), purpose: "signup" });
    expect((await catchTrpc(() => anon(clock, source).auth.requestCode({ phone: nextPhone(), purpose: "signup" }))).domainCode).toBe("RATE_LIMITED");
    await anon(clock).auth.requestCode({ phone: nextPhone(), purpose: "signup" });
  });

  it("a reset sets the new password and ends every session; the old password no longer works", async () => {
    const clock = new FixedClock("2026-12-01T07:00:00Z");
    const phone = nextPhone();
    await anon(clock).auth.requestCode({ phone, purpose: "signup" });
    const { userId } = await anon(clock).auth.signUp({ phone, code: (await lastTextedCode(t.db, phone))!, password: PASSWORD });
    const sid = await openSession(t.db, clock, { userId, role: "shopper", ip: "203.0.113.1" });
    clock.advance(2 * MIN);
    await anon(clock).auth.requestCode({ phone, purpose: "reset" });
    expect(await texts(phone)).toHaveLength(2);
    await anon(clock).auth.resetPassword({ phone, code: (await lastTextedCode(t.db, phone))!, password: "brandnew99" });
    expect(await readLiveSession(t.db, clock, sid)).toBeNull();
    await expect(verifyCredentials(t.db, clock, { phone, password: PASSWORD, ip: "203.0.113.9" })).rejects.toMatchObject({ code: "BAD_CREDENTIALS" });
    await expect(verifyCredentials(t.db, clock, { phone, password: "brandnew99", ip: "203.0.113.9" })).resolves.toMatchObject({ id: userId });
    // A sign-up code cannot reset, nor a reset code sign up.
    const [used] = await t.db.select().from(phoneCodes).where(and(eq(phoneCodes.phone, phone), eq(phoneCodes.purpose, "reset")));
    expect(used?.consumedAt).not.toBeNull();
  });
});

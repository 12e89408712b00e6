import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { users } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { pgConstraint } from "@/server/domain/shared/errors";
import { avatarKey } from "@/server/domain/users/avatar";
import { maskName } from "@/server/domain/users/mask-name";
import { verifyCredentials } from "@/server/domain/auth/verify-credentials";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, nextPhone } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { codeFor, randomIp, signUpThroughApi } from "../helpers/phone-code";

let t: TestDb;
const clock = new FixedClock("2026-11-25T08:00:00Z");
const PASSWORD = "secret123";
const anon = () => callerFor(t.db, clock, null);

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const userByPhone = async (phone: string) => (await t.db.select().from(users).where(eq(users.phone, phone)))[0];
const userById = async (id: string) => (await t.db.select().from(users).where(eq(users.id, id)))[0];
const userCount = async () => (await t.db.select({ n: count() }).from(users))[0]!.n;

/** Signs up through the public tRPC procedure, exactly as the sign-up form does. */
const signUp = (phone: string, referralCode?: string | null, password = PASSWORD) => signUpThroughApi(t.db, clock, { phone, password, referralCode });

describe("sign-up: phone numbers", () => {
  it("names a new shopper after the last 4 digits of their number, in the sign-up page's language", async () => {
    await signUp("13700137001");
    expect((await userByPhone("13700137001"))!.displayName).toBe("用户7001");
    await signUpThroughApi(t.db, clock, { phone: "13700137002", password: PASSWORD, locale: "en" });
    expect((await userByPhone("13700137002"))!.displayName).toBe("User 7002");
  });

  it.each([
    ["13800138000", "13800138000"],
    ["+86 138 0013 8001", "13800138001"],
    ["+8613800138002", "13800138002"],
    ["86 13800138003", "13800138003"],
    [" 138 0013 8004 ", "13800138004"],
    ["138-0013-8005", "13800138005"],
    ["19912345678", "19912345678"],
  ])("accepts %j and stores it as %s", async (input, stored) => {
    const res = await signUp(input);
    expect(res.userId).toMatch(/^[0-9a-f-]{36}$/);
    const row = await userByPhone(stored);
    expect(row).toBeDefined();
    expect(row!.id).toBe(res.userId);
    expect(row!.role).toBe("shopper");
    expect(row!.referrerId).toBeNull();
    expect(row!.frozen).toBe(false);
    expect(row!.displayName).toBe(`用户${stored.slice(-4)}`);
    expect(row!.createdAt.toISOString()).toBe(clock.now().toISOString());
    // The password is stored hashed, and the stored hash verifies.
    expect(row!.passwordHash).not.toContain(PASSWORD);
    expect(row!.passwordHash).toMatch(/^\$argon2/);
    await expect(verifyCredentials(t.db, clock, { phone: stored, password: PASSWORD, ip: "10.0.0.1" })).resolves.toMatchObject({ id: res.userId });
  });

  it.each([
    ["1380013800", "10 digits"],
    ["138001380001", "12 digits"],
    ["12800138000", "starts 12"],
    ["10800138000", "starts 10"],
    ["1380013800a", "a letter"],
    ["abcdefghijk", "letters only"],
    ["+1 138 0013 8000 0", "a foreign prefix"],
    ["", "empty"],
  ])("rejects %j (%s) with INVALID_PHONE and creates nothing", async (input) => {
    const before = await userCount();
    const err = await catchTrpc(() => signUp(input));
    expect(err).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "INVALID_PHONE" });
    expect(await userCount()).toBe(before);
  });
});

describe("sign-up: passwords", () => {
  it.each([
    ["abc1234", "7 characters"],
    ["abcdefgh", "no digit"],
    ["12345678", "no letter"],
    ["        ", "spaces only"],
    ["中文密码中文密码1", "digit but no Latin letter"],
  ])("rejects %j (%s) with WEAK_PASSWORD and creates nothing", async (password) => {
    const phone = nextPhone();
    const err = await catchTrpc(() => signUp(phone, null, password));
    expect(err).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "WEAK_PASSWORD" });
    expect(err.message).toBe("密码至少 8 位，且需同时包含字母和数字");
    expect(await userByPhone(phone)).toBeUndefined();
  });

  it("accepts exactly 8 characters with a letter and a digit", async () => {
    const phone = nextPhone();
    await signUp(phone, null, "abcdefg1");
    expect(await userByPhone(phone)).toBeDefined();
  });
});

describe("sign-up: duplicates", () => {
  it("a number already registered (in any spelling) gets no code, so no second account, and the account is untouched", async () => {
    const first = await signUp("13700137000");
    const original = await userById(first.userId);
    const before = await userCount();

    for (const spelling of ["13700137000", "+86 137 0013 7000", "8613700137000"]) {
      clock.advance(61_000); // past the resend wait of the number
      const err = await catchTrpc(() => signUp(spelling, null, "another99"));
      expect(err).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "CODE_INVALID" });
    }
    expect(await userCount()).toBe(before);
    // The existing account is untouched: same hash (the old password still works), same code.
    expect(await userById(first.userId)).toEqual(original);
    await expect(verifyCredentials(t.db, clock, { phone: "13700137000", password: PASSWORD, ip: "10.0.0.2" })).resolves.toMatchObject({ id: first.userId });
  });

  it("lets exactly one of several concurrent sign-ups with one code through", async () => {
    const phone = nextPhone();
    const code = await codeFor(t.db, clock, phone);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => callerFor(t.db, clock, null, { ip: randomIp() }).auth.signUp({ phone, code, password: PASSWORD })));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as { cause?: { code?: string } }).cause?.code).toBe("CODE_INVALID");
    }
    expect((await t.db.select({ n: count() }).from(users).where(eq(users.phone, phone)))[0]!.n).toBe(1);
  });
});

describe("sign-up: referrals", () => {
  it("binds the referrer by code, whatever its case and surrounding spaces", async () => {
    const a = await signUp(nextPhone());
    const b = await signUp(nextPhone(), a.referralCode.toLowerCase());
    const c = await signUp(nextPhone(), `  ${a.referralCode.toLowerCase()} `);
    expect((await userById(b.userId))!.referrerId).toBe(a.userId);
    expect((await userById(c.userId))!.referrerId).toBe(a.userId);
    // The code page shows who invited, masked (anyone can open a link): the same lookup, case-insensitive.
    const name = (await userById(a.userId))!.displayName;
    await expect(anon().auth.referrer({ code: a.referralCode.toLowerCase() })).resolves.toEqual({ displayName: maskName(name), avatar: avatarKey(a.userId, 0) });
  });

  it("rejects an unknown code with UNKNOWN_REFERRAL_CODE and creates no user", async () => {
    const phone = nextPhone();
    const before = await userCount();
    const err = await catchTrpc(() => signUp(phone, "ZZZZ999"));
    expect(err).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "UNKNOWN_REFERRAL_CODE" });
    expect(await userByPhone(phone)).toBeUndefined();
    expect(await userCount()).toBe(before);
  });

  it("treats a staff member's code as unknown", async () => {
    for (const role of ["owner", "operator", "finance", "support"] as const) {
      const staff = await createUser(t.db, { role });
      const phone = nextPhone();
      const err = await catchTrpc(() => signUp(phone, staff.referralCode));
      expect(err.domainCode).toBe("UNKNOWN_REFERRAL_CODE");
      expect(await userByPhone(phone)).toBeUndefined();
      expect((await catchTrpc(() => anon().auth.referrer({ code: staff.referralCode }))).domainCode).toBe("UNKNOWN_REFERRAL_CODE");
    }
  });

  it("treats a frozen shopper's code as unknown", async () => {
    const frozen = await createUser(t.db, { frozen: true });
    const phone = nextPhone();
    expect((await catchTrpc(() => signUp(phone, frozen.referralCode))).domainCode).toBe("UNKNOWN_REFERRAL_CODE");
    expect(await userByPhone(phone)).toBeUndefined();
  });

  it("never changes a binding once made", async () => {
    const a = await signUp(nextPhone());
    const other = await signUp(nextPhone());
    const bPhone = nextPhone();
    const b = await signUp(bPhone, a.referralCode);
    const snapshot = await userById(b.userId);
    expect(snapshot!.referrerId).toBe(a.userId);

    // Everything a user can do that touches their row or the referral graph:
    // sign up again with the same number and another code,
    clock.advance(61_000);
    expect((await catchTrpc(() => signUp(bPhone, other.referralCode))).domainCode).toBe("CODE_INVALID");
    clock.advance(61_000);
    expect((await catchTrpc(() => signUp(`+86 ${bPhone}`, null))).domainCode).toBe("CODE_INVALID");
    // sign in, read their profile, open their wallet, refer someone themselves,
    await verifyCredentials(t.db, clock, { phone: bPhone, password: PASSWORD, ip: "10.0.0.3" });
    const asB = callerFor(t.db, clock, { id: b.userId, role: "shopper" });
    // (我的 names the referrer masked, as anyone but themself sees them: 用户1234 → 用*4.)
    const referrerName = (await userById(a.userId))!.displayName;
    expect((await asB.wallet.me()).referrerName).toBe(maskName(referrerName));
    expect((await asB.wallet.me()).referrerName).not.toBe(referrerName);
    await asB.wallet.overview();
    await asB.wallet.createTopup({ amountFen: 1000 });
    await signUp(nextPhone(), b.referralCode);
    // and have their referrer refer more people.
    await signUp(nextPhone(), a.referralCode);

    expect(await userById(b.userId)).toEqual(snapshot);
    // No tRPC procedure takes a referrer: nothing in the API could rebind one.
    const { appRouter } = await import("@/server/api/root");
    const paths = Object.keys(appRouter._def.procedures);
    const named = paths.filter((p) => /referr/i.test(p));
    expect(named.filter((p) => !p.startsWith("referrals."))).toEqual(["auth.referrer"]);
    // The referral centre's procedures (referrals.*) only read.
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    for (const p of named) expect(procedures[p]!._def.type, p).toBe("query");
  });

  it("gives every user a distinct, readable code", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 25; i++) codes.push((await signUp(nextPhone())).referralCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}$/);
    const all = await t.db.select({ code: users.referralCode }).from(users);
    expect(new Set(all.map((r) => r.code)).size).toBe(all.length);
  });

  it("refuses a self-referral at the database", async () => {
    const u = await signUp(nextPhone());
    const err = await t.db.execute(sql`UPDATE users SET referrer_id = id WHERE id = ${u.userId}`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(pgConstraint(err)).toBe("users_no_self_referral");
    expect((await userById(u.userId))!.referrerId).toBeNull();
  });

  it("derives L2 as the referrer's referrer", async () => {
    const a = await signUp(nextPhone());
    const b = await signUp(nextPhone(), a.referralCode);
    const c = await signUp(nextPhone(), b.referralCode);
    const l1 = alias(users, "l1");
    const uplines = async (id: string) =>
      (await t.db.select({ l1: users.referrerId, l2: l1.referrerId }).from(users).leftJoin(l1, eq(l1.id, users.referrerId)).where(eq(users.id, id)))[0];
    expect(await uplines(c.userId)).toEqual({ l1: b.userId, l2: a.userId });
    expect(await uplines(b.userId)).toEqual({ l1: a.userId, l2: null });
    expect(await uplines(a.userId)).toEqual({ l1: null, l2: null });
  });
});

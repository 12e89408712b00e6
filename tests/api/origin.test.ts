import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appRouter } from "@/server/api/root";
import { isAllowedOrigin } from "@/server/http/check-origin";
import { signUpThroughApi } from "../helpers/phone-code";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { aDestination } from "../helpers/payout-fixtures";

// env() is read (and cached) on first use: set what isAllowedOrigin reads before any test runs.
vi.stubEnv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused");
vi.stubEnv("ALLOWED_ORIGINS", "https://admin.pinpin.example, https://partner.example");

const headers = (h: Record<string, string>) => new Headers(h);

describe("isAllowedOrigin", () => {
  const url = "http://127.0.0.1:3000/api/trpc/wallet.requestWithdrawal";

  it("refuses a request without an Origin header", () => {
    expect(isAllowedOrigin(headers({ host: "127.0.0.1:3000" }), url)).toBe(false);
    expect(isAllowedOrigin(headers({ host: "127.0.0.1:3000", origin: "" }), url)).toBe(false);
  });

  it("refuses a foreign origin", () => {
    expect(isAllowedOrigin(headers({ host: "pinpin.example", origin: "https://evil.example" }), url)).toBe(false);
    expect(isAllowedOrigin(headers({ host: "pinpin.example", origin: "null" }), url)).toBe(false);
    // Look-alikes: a suffix, a subdomain, another scheme, another port.
    expect(isAllowedOrigin(headers({ host: "pinpin.example", "x-forwarded-proto": "https", origin: "https://pinpin.example.evil.example" }), url)).toBe(false);
    expect(isAllowedOrigin(headers({ host: "pinpin.example", "x-forwarded-proto": "https", origin: "https://evil.pinpin.example" }), url)).toBe(false);
    expect(isAllowedOrigin(headers({ host: "pinpin.example", "x-forwarded-proto": "https", origin: "http://pinpin.example" }), url)).toBe(false);
    expect(isAllowedOrigin(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3001" }), url)).toBe(false);
  });

  it("accepts the site's own origin, as the request reached it", () => {
    expect(isAllowedOrigin(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }), url)).toBe(true);
    // Behind a proxy: the forwarded host and scheme are the site's.
    expect(isAllowedOrigin(headers({ host: "127.0.0.1:3000", "x-forwarded-host": "pinpin.example", "x-forwarded-proto": "https", origin: "https://pinpin.example" }), url)).toBe(true);
    // No Host header at all: the request URL's own origin.
    expect(isAllowedOrigin(headers({ origin: "http://127.0.0.1:3000" }), url)).toBe(true);
  });

  it("accepts an origin listed in ALLOWED_ORIGINS, and only those", () => {
    expect(isAllowedOrigin(headers({ host: "pinpin.example", origin: "https://admin.pinpin.example" }), url)).toBe(true);
    expect(isAllowedOrigin(headers({ host: "pinpin.example", origin: "https://partner.example" }), url)).toBe(true);
    expect(isAllowedOrigin(headers({ host: "pinpin.example", origin: "https://partner.example.evil" }), url)).toBe(false);
  });
});

describe("shoppers reach only their own things", () => {
  let t: TestDb;
  const clock = new FixedClock("2026-11-25T17:00:00Z");
  let alice: { id: string; role: "shopper" };
  let bob: { id: string; role: "shopper" };

  beforeAll(async () => {
    t = await createTestDb();
    alice = { id: (await createUser(t.db)).id, role: "shopper" };
    bob = { id: (await createUser(t.db)).id, role: "shopper" };
  });
  afterAll(() => t.drop());

  it("wallet.topup with another user's order id is NOT_FOUND", async () => {
    const order = await callerFor(t.db, clock, alice).wallet.createTopup({ amountFen: 5000 });
    await expect(callerFor(t.db, clock, alice).wallet.topup({ id: order.id })).resolves.toMatchObject({ id: order.id, amountFen: 5000, status: "pending" });
    const err = await catchTrpc(() => callerFor(t.db, clock, bob).wallet.topup({ id: order.id }));
    expect(err).toMatchObject({ trpcCode: "NOT_FOUND", domainCode: "NOT_FOUND" });
    // Indistinguishable from an order that does not exist.
    const ghost = await catchTrpc(() => callerFor(t.db, clock, bob).wallet.topup({ id: randomUUID() }));
    expect(ghost).toEqual(err);
    expect((await catchTrpc(() => callerFor(t.db, clock, null).wallet.topup({ id: order.id }))).trpcCode).toBe("UNAUTHORIZED");
  });

  it("lists only the caller's own withdrawals and history", async () => {
    await fund(t.db, clock, alice.id, "cash", 20_000);
    const w = await callerFor(t.db, clock, alice).wallet.requestWithdrawal({ amountFen: 2000, destinationId: await aDestination(t.db, clock, alice.id), clientKey: "alice-form-1" });
    expect((await callerFor(t.db, clock, alice).wallet.withdrawals({})).items.map((i) => i.id)).toEqual([w.id]);
    expect((await callerFor(t.db, clock, bob).wallet.withdrawals({})).items).toEqual([]);
    expect((await callerFor(t.db, clock, bob).wallet.history({})).items).toEqual([]);
    expect((await callerFor(t.db, clock, bob).wallet.overview()).balances.cash).toBe(0);
  });

  it("a shopper calling any admin procedure is FORBIDDEN", async () => {
    const names = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("admin."));
    expect(names.length).toBeGreaterThan(0);
    const shopper = callerFor(t.db, clock, alice).admin as unknown as Record<string, (input?: unknown) => Promise<unknown>>;
    for (const path of names) {
      // Any input at all: the permission is checked before the input is.
      const err = await catchTrpc(() => shopper[path.slice("admin.".length)]!({}));
      expect(err, path).toMatchObject({ trpcCode: "FORBIDDEN", domainCode: "FORBIDDEN", message: "没有权限执行此操作" });
    }
  });

  it("translates an error into the caller's language", async () => {
    const broke = { id: (await createUser(t.db)).id, role: "shopper" as const };
    const input = { amountFen: 5000, destinationId: await aDestination(t.db, clock, broke.id), clientKey: "broke-form-1" };
    const zh = await catchTrpc(() => callerFor(t.db, clock, broke, { locale: "zh-CN" }).wallet.requestWithdrawal(input));
    const en = await catchTrpc(() => callerFor(t.db, clock, broke, { locale: "en" }).wallet.requestWithdrawal(input));
    expect(zh).toEqual({ trpcCode: "CONFLICT", domainCode: "INSUFFICIENT_BALANCE", message: "余额不足" });
    expect(en).toEqual({ trpcCode: "CONFLICT", domainCode: "INSUFFICIENT_BALANCE", message: "Insufficient balance." });

    // With parameters filled in.
    expect((await catchTrpc(() => signUpThroughApi(t.db, clock, { phone: "13912345678", password: "short1", locale: "en" }))).message).toBe("Use at least 8 characters with both letters and digits.");
    expect((await catchTrpc(() => signUpThroughApi(t.db, clock, { phone: "13912345679", password: "short1", locale: "zh-CN" }))).message).toBe("密码至少 8 位，且需同时包含字母和数字");
    // Input the schema refuses gets the translated BAD_INPUT message, not zod's English.
    expect((await catchTrpc(() => callerFor(t.db, clock, broke, { locale: "zh-CN" }).wallet.requestWithdrawal({ amountFen: -1, destinationId: input.destinationId, clientKey: "x" }))).message).toBe("输入有误，请检查后重试");
    expect((await catchTrpc(() => callerFor(t.db, clock, null, { locale: "en" }).wallet.overview())).message).toBe("Please sign in first.");
  });
});

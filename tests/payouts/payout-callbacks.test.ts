import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, count, eq, sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { ledgerEntries, notifications, payoutEvents, payouts, withdrawals } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, listUserEntries, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";
import { decideWithdrawal } from "@/server/domain/wallet/decide-withdrawal";
import { requestWithdrawal } from "@/server/domain/wallet/request-withdrawal";
import { submitPayout, syncPayouts, PAYOUT_SYNC_AFTER_MS } from "@/server/domain/payouts/submit-payout";
import { sandboxPayoutProvider, settleSandboxRow, signedSandboxCallback, SANDBOX_PAYOUT_SIGNATURE_HEADER, type SandboxCallback } from "@/server/payouts/sandbox-payouts";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import type { Actor } from "@/server/domain/audit/record-audit";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { aDestination } from "../helpers/payout-fixtures";

let t: TestDb;
const SECRET = "payout_test_secret_0123456789abcdef0123456789";
const clock = new FixedClock("2026-11-25T12:00:00Z");
let finance: Actor;

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance", ip: "203.0.113.7" };
});
// Ledger invariants after every test: each asset sums to zero, no user below zero, balance = its entries.
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const provider = (db: Db = t.db) => sandboxPayoutProvider(db, clock, () => SECRET);
const cash = async (userId: string) => (await readUserBalances(t.db, userId)).cash;
const hold = () => readPlatformBalance(t.db, "withdrawal_hold", "cash");
const paidOut = () => readPlatformBalance(t.db, "payout_clearing", "cash");
const entries = async () => (await t.db.select({ n: count() }).from(ledgerEntries))[0]!.n;

/** A withdrawal approved by finance and submitted to the sandbox: the state a callback finds. */
async function approvedPayout(amountFen = 10_000, funded = 30_000) {
  const user = await createUser(t.db);
  await fund(t.db, clock, user.id, "cash", funded);
  const destinationId = await aDestination(t.db, clock, user.id);
  const w = await t.db.transaction((tx) => requestWithdrawal(tx, clock, { userId: user.id, amountFen, destinationId, clientKey: randomUUID() }));
  const { payoutId } = await t.db.transaction((tx) => decideWithdrawal(tx, clock, finance, { withdrawalId: w.id, decision: "approve" }, { payoutProviders: [] }));
  await submitPayout(t.db, clock, provider(), payoutId!);
  const [p] = await t.db.select().from(payouts).where(eq(payouts.id, payoutId!));
  return { userId: user.id, withdrawalId: w.id, payoutId: payoutId!, providerPayoutId: p!.providerPayoutId!, amountFen };
}

const body = (p: { payoutId: string; providerPayoutId: string; amountFen: number }, status: "succeeded" | "failed" = "succeeded", failureReason: string | null = null): SandboxCallback => ({
  providerPayoutId: p.providerPayoutId,
  payoutId: p.payoutId,
  status,
  amountFen: p.amountFen,
  failureReason,
});

/** What the callback route does: the provider verifies the delivery, the domain applies it. */
async function deliver(d: { rawBody: string; signature: string | null }, db: Db = t.db) {
  const headers = new Headers(d.signature ? { [SANDBOX_PAYOUT_SIGNATURE_HEADER]: d.signature } : {});
  const report = await provider(db).verifyCallback({ rawBody: d.rawBody, headers }, clock.now());
  return db.transaction((tx) => applyPayoutReport(tx, clock, "sandbox", report));
}
const signed = (b: SandboxCallback, secret = SECRET) => signedSandboxCallback(secret, b, clock.now());
const refusal = (d: { rawBody: string; signature: string | null }) =>
  Promise.resolve()
    .then(() => deliver(d))
    .then(
    (r) => `resolved ${JSON.stringify(r)}`,
    (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
  );

describe("submitting to the provider", () => {
  it("approval queues the payout; submitting twice makes one sandbox payout; a callback-less payout is settled by the status query", async () => {
    const user = await createUser(t.db);
    await fund(t.db, clock, user.id, "cash", 20_000);
    const destinationId = await aDestination(t.db, clock, user.id);
    const w = await t.db.transaction((tx) => requestWithdrawal(tx, clock, { userId: user.id, amountFen: 5_000, destinationId, clientKey: randomUUID() }));
    const { payoutId } = await t.db.transaction((tx) => decideWithdrawal(tx, clock, finance, { withdrawalId: w.id, decision: "approve" }, { payoutProviders: [] }));
    expect((await t.db.select().from(payouts).where(eq(payouts.id, payoutId!)))[0]).toMatchObject({ status: "queued", providerPayoutId: null });
    // The request that approved it crashed before submitting: the job submits it after a minute.
    expect(await syncPayouts(t.db, clock, provider())).toBe(0);
    clock.advance(PAYOUT_SYNC_AFTER_MS.queued + 1);
    expect(await syncPayouts(t.db, clock, provider())).toBe(1);
    expect(await submitPayout(t.db, clock, provider(), payoutId!)).toBe("not_queued");
    const [p] = await t.db.select().from(payouts).where(eq(payouts.id, payoutId!));
    expect(p).toMatchObject({ status: "processing" });
    // Creating it again at the provider (a retry) returns the same provider payout.
    expect(await provider().createPayout({ payoutId: payoutId!, amountFen: 5_000, destination: { kind: "alipay", account: "13600000000", bankCode: null, holderName: "x" }, remark: "" })).toEqual({ providerPayoutId: p!.providerPayoutId });
    // The sandbox paid it but the callback never came: ten minutes on, the job asks and applies the answer.
    await settleSandboxRow(t.db, clock, { providerPayoutId: p!.providerPayoutId!, outcome: "succeeded" });
    clock.advance(PAYOUT_SYNC_AFTER_MS.processing + 1);
    expect(await syncPayouts(t.db, clock, provider())).toBe(1);
    expect((await t.db.select().from(withdrawals).where(eq(withdrawals.id, w.id)))[0]!.status).toBe("paid");
    expect(await syncPayouts(t.db, clock, provider())).toBe(0);
  });
});

describe("signed callbacks", () => {
  it("a verified success pays out once: hold → payout_clearing, withdrawal paid, shopper notified, payout line in their history", async () => {
    const p = await approvedPayout(12_000);
    const [cashBefore, holdBefore, paidBefore] = [await cash(p.userId), await hold(), await paidOut()];
    await expect(deliver(signed(body(p)))).resolves.toEqual({ outcome: "paid", withdrawalId: p.withdrawalId });
    expect(await cash(p.userId)).toBe(cashBefore);
    expect(await hold()).toBe(holdBefore - 12_000);
    expect(await paidOut()).toBe(paidBefore + 12_000);
    expect((await t.db.select().from(payouts).where(eq(payouts.id, p.payoutId)))[0]).toMatchObject({ status: "succeeded", finishedAt: clock.now() });
    const { items } = await listUserEntries(t.db, { userId: p.userId, limit: 10 });
    expect(items[0]).toMatchObject({ reason: "withdrawal.payout", amount: -12_000, fromHold: true, destination: { kind: "alipay", account: expect.stringMatching(/^136\*{4}\d{4}$/) } });
    expect(items[1]).toMatchObject({ reason: "withdrawal.hold", amount: -12_000, fromHold: false });
    const notes = await t.db.select().from(notifications).where(eq(notifications.userId, p.userId));
    expect(notes.map((n) => n.kind).sort()).toEqual(["withdrawal.approved", "withdrawal.paid"]);
  });

  it("a verified failure returns the funds to cash with the provider's reason, and the shopper is told", async () => {
    const p = await approvedPayout(10_000, 10_000);
    expect(await cash(p.userId)).toBe(0);
    const holdBefore = await hold();
    await expect(deliver(signed(body(p, "failed", "收款账户户名不符")))).resolves.toEqual({ outcome: "failed", withdrawalId: p.withdrawalId });
    expect(await cash(p.userId)).toBe(10_000);
    expect(await hold()).toBe(holdBefore - 10_000);
    expect((await t.db.select().from(withdrawals).where(eq(withdrawals.id, p.withdrawalId)))[0]).toMatchObject({ status: "failed", failureReason: "收款账户户名不符" });
    const { items } = await listUserEntries(t.db, { userId: p.userId, limit: 1 });
    expect(items[0]).toMatchObject({ reason: "withdrawal.failed", amount: 10_000, note: "收款账户户名不符" });
    const [note] = await t.db.select().from(notifications).where(and(eq(notifications.userId, p.userId), eq(notifications.kind, "withdrawal.failed")));
    expect(note).toMatchObject({ userId: p.userId, payload: { withdrawalId: p.withdrawalId, amountFen: 10_000, reason: "收款账户户名不符" } });
    // A success reported after the failure moves nothing: flagged for finance.
    const moved = await entries();
    await expect(deliver(signed(body(p, "succeeded")))).resolves.toEqual({ outcome: "review", withdrawalId: p.withdrawalId });
    expect(await entries()).toBe(moved);
    expect((await t.db.select().from(withdrawals).where(eq(withdrawals.id, p.withdrawalId)))[0]).toMatchObject({ status: "failed", flagged: true });
  });

  it("refuses a bad signature, another secret, a missing header, a tampered body and a stale timestamp; nothing changes", async () => {
    const p = await approvedPayout();
    const good = signed(body(p));
    const before = [await entries(), await hold()];
    expect(await refusal({ rawBody: good.rawBody, signature: null })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(await refusal(signed(body(p), "another_secret_0123456789abcdef0123456789"))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(await refusal({ rawBody: good.rawBody.replace(`"amountFen":${p.amountFen}`, `"amountFen":${p.amountFen * 10}`), signature: good.signature })).toBe("WEBHOOK_SIGNATURE_INVALID");
    const flipped = good.signature.replace(/v1=(.)/, (_, c: string) => `v1=${c === "0" ? "1" : "0"}`);
    expect(await refusal({ rawBody: good.rawBody, signature: flipped })).toBe("WEBHOOK_SIGNATURE_INVALID");
    const stale = { rawBody: good.rawBody, signature: signWebhook(SECRET, good.rawBody, Math.floor(clock.now().getTime() / 1000) - 301) };
    expect(await refusal(stale)).toBe("WEBHOOK_TIMESTAMP_STALE");
    expect([await entries(), await hold()]).toEqual(before);
    expect(await t.db.select().from(payoutEvents).where(eq(payoutEvents.providerPayoutId, p.providerPayoutId))).toEqual([]);
    expect((await t.db.select().from(payouts).where(eq(payouts.id, p.payoutId)))[0]!.status).toBe("processing");
  });

  it("a replayed callback (same delivery, or re-signed) changes nothing", async () => {
    const p = await approvedPayout();
    const d = signed(body(p));
    await deliver(d);
    const after = [await entries(), await hold(), await paidOut(), await cash(p.userId)];
    await expect(deliver(d)).resolves.toEqual({ outcome: "duplicate" });
    clock.advance(60_000);
    await expect(deliver(signed(body(p)))).resolves.toEqual({ outcome: "duplicate" });
    expect([await entries(), await hold(), await paidOut(), await cash(p.userId)]).toEqual(after);
    expect(await t.db.select().from(notifications).where(and(eq(notifications.userId, p.userId), eq(notifications.kind, "withdrawal.paid")))).toHaveLength(1);
  });

  it("a report contradicting the payout (amount, provider payout id, unknown payout) moves nothing", async () => {
    const p = await approvedPayout();
    const before = [await entries(), await hold()];
    await expect(deliver(signed({ ...body(p), amountFen: p.amountFen + 1 }))).resolves.toEqual({ outcome: "review", withdrawalId: p.withdrawalId });
    await expect(deliver(signed({ ...body(p), providerPayoutId: "sbp_someone_else" }))).resolves.toEqual({ outcome: "review", withdrawalId: p.withdrawalId });
    await expect(deliver(signed({ ...body(p), payoutId: randomUUID(), providerPayoutId: "sbp_unknown" }))).resolves.toEqual({ outcome: "unknown_payout" });
    expect([await entries(), await hold()]).toEqual(before);
    expect((await t.db.select().from(withdrawals).where(eq(withdrawals.id, p.withdrawalId)))[0]).toMatchObject({ status: "processing", flagged: true });
  });

  it.each(["succeeded", "failed"] as const)("20 concurrent duplicate %s callbacks apply once", async (status) => {
    const p = await approvedPayout(10_000, 10_000);
    const [holdBefore, paidBefore, entriesBefore] = [await hold(), await paidOut(), await entries()];
    const d = signed(body(p, status, status === "failed" ? "银行退票" : null));
    const pool = createDb(t.url, { max: 20 });
    let outcomes: string[];
    try {
      outcomes = (await Promise.all(Array.from({ length: 20 }, () => deliver(d, pool.db)))).map((r) => r.outcome);
    } finally {
      await pool.close();
    }
    expect(outcomes.filter((o) => o !== "duplicate")).toEqual([status === "succeeded" ? "paid" : "failed"]);
    expect(await entries()).toBe(entriesBefore + 1);
    expect(await hold()).toBe(holdBefore - 10_000);
    expect(await paidOut()).toBe(paidBefore + (status === "succeeded" ? 10_000 : 0));
    expect(await cash(p.userId)).toBe(status === "failed" ? 10_000 : 0);
    expect(await t.db.select().from(notifications).where(and(eq(notifications.userId, p.userId), eq(notifications.kind, `withdrawal.${status === "succeeded" ? "paid" : "failed"}`)))).toHaveLength(1);
  });
});

describe("property: any order of callbacks, replays and contradictions", () => {
  it("pays or returns each approved payout exactly once; hold = pending + processing; invariants hold after each delivery", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ pick: fc.nat(3), status: fc.constantFrom("succeeded" as const, "failed" as const), resign: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        async (deliveries) => {
          const made = await Promise.all([0, 1, 2, 3].map(() => approvedPayout(5_000, 5_000)));
          const first = new Map<string, "succeeded" | "failed">();
          const sent = new Map<string, { rawBody: string; signature: string }>();
          const delivered = new Set<string>();
          for (const d of deliveries) {
            clock.advance(1_000);
            const p = made[d.pick]!;
            const key = `${p.payoutId}:${d.status}`;
            const delivery = d.resign || !sent.has(key) ? signed(body(p, d.status, d.status === "failed" ? "failed" : null)) : sent.get(key)!;
            sent.set(key, delivery);
            const { outcome } = await deliver(delivery);
            const was = first.get(p.payoutId);
            // The same report again, replayed or re-signed, is a duplicate; the other verdict after one is a contradiction.
            if (delivered.has(key)) expect(outcome).toBe("duplicate");
            else if (was) expect(outcome).toBe("review");
            else {
              expect(outcome).toBe(d.status === "succeeded" ? "paid" : "failed");
              first.set(p.payoutId, d.status);
            }
            delivered.add(key);
            expect(await checkLedgerInvariants(t.db)).toEqual([]);
          }
          for (const p of made) {
            const settled = first.get(p.payoutId);
            expect(await cash(p.userId)).toBe(settled === "failed" ? 5_000 : 0);
            const [w] = await t.db.select().from(withdrawals).where(eq(withdrawals.id, p.withdrawalId));
            expect(w!.status).toBe(settled === "succeeded" ? "paid" : settled === "failed" ? "failed" : "processing");
          }
          const [totals] = await t.db.execute<{ open: string }>(
            sql`SELECT COALESCE(SUM(amount_fen), 0) AS open FROM withdrawals WHERE status IN ('pending', 'processing')`,
          );
          expect(await hold()).toBe(Number(totals!.open));
        },
      ),
      { numRuns: 15 },
    );
  });
});

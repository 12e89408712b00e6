/**
 * Spec §8, §9: finance's decisions on payments held for review (the gateway reported another amount
 * or currency). Credit as paid carries out the order's intent (top-up, store order, seat) or keeps the
 * money as cash and says so; refund goes back through the gateway and the ledger records it passing
 * through; dismiss moves nothing. Each needs a reason, is audited, applies once whatever the clicks or
 * the number of finance users at it (real parallel connections), and is refused to other roles.
 * Every test ends with the ledger invariants: each asset sums to zero, no user balance below zero,
 * balances equal their entries.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLog, entries, gatewayJoins, heldPaymentActions, ledgerEntries, orders, paymentOrders, type HeldPaymentAction } from "@/db/schema";
import type { Actor } from "@/server/domain/audit/record-audit";
import { createGatewayJoin } from "@/server/domain/groups/gateway-join";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { applyGatewayWebhook } from "@/server/domain/wallet/apply-gateway-webhook";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import type { GatewayRefunds } from "@/server/domain/wallet/gateway-refunds";
import { listPaymentsForReview } from "@/server/domain/wallet/list-payments-for-review";
import { resolveHeldPayment } from "@/server/domain/wallet/resolve-held-payment";
import { sandboxRefunds } from "@/server/payments/sandbox-gateway";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createUser } from "../helpers/factories";
import { bareConfig, groupFixtures, setActivityStatus, type GroupFixtures } from "../helpers/group-fixtures";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { staffActor } from "../ads/fixtures";
import { checkout, createBuyer, createProduct } from "../store/fixtures";

let t: TestDb;
let f: GroupFixtures;
let finance: Actor;
let finance2: Actor;
const clock = new FixedClock("2026-12-05T04:00:00Z");
const SECRET = "whsec_test_0123456789abcdef0123456789abcdef";

beforeAll(async () => {
  t = await createTestDb({ max: 12 });
  f = groupFixtures(t.db, clock);
  finance = await staffActor(t.db, "finance");
  finance2 = await staffActor(t.db, "finance");
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

/** A capture the gateway reports for the payment order, signed as the gateway signs it. */
function capture(orderId: string, amountFen: number, currency = "CNY") {
  const rawBody = JSON.stringify({ type: "payment.captured", txnId: `txn_${randomUUID()}`, orderId, amountFen, currency });
  return t.db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SECRET, rawBody, signatureHeader: signWebhook(SECRET, rawBody, Math.floor(clock.now().getTime() / 1000)) }));
}

/** A top-up of `amountFen` held because the gateway reported `reported` (in `currency`). */
async function heldTopup(amountFen = 5_000, reported = 4_000, currency = "CNY") {
  const user = await createUser(t.db);
  const order = await t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen }));
  expect((await capture(order.id, reported, currency)).outcome).toBe("review");
  return { userId: user.id, orderId: order.id, amountFen };
}

const resolve = (actor: Actor, input: { paymentOrderId: string; action: HeldPaymentAction; actionId?: string; reason?: string }, refunds: GatewayRefunds = sandboxRefunds) =>
  t.db.transaction((tx) => resolveHeldPayment(tx, clock, actor, { actionId: randomUUID(), reason: "已与网关核对", ...input }, refunds));

const cash = async (userId: string) => (await readUserBalances(t.db, userId)).cash;
const orderOf = async (id: string) => (await t.db.select().from(paymentOrders).where(eq(paymentOrders.id, id)))[0]!;
const entriesFor = (id: string) => t.db.select().from(ledgerEntries).where(and(eq(ledgerEntries.refType, "payment_order"), eq(ledgerEntries.refId, id)));
const auditFor = (id: string) => t.db.select().from(auditLog).where(and(eq(auditLog.targetType, "payment_order"), eq(auditLog.targetId, id)));
async function counts() {
  const [r] = await t.db.execute<{ ledger: string; actions: string; audit: string }>(
    sql`SELECT (SELECT count(*) FROM ledger_entries) AS ledger, (SELECT count(*) FROM held_payment_actions) AS actions, (SELECT count(*) FROM audit_log) AS audit`,
  );
  return r;
}
const codeOf = (e: unknown) => (isDomainError(e) ? e.code : e);

describe("credit as paid", () => {
  it("a held top-up: the order's amount to the shopper's cash under the capture's own key, the order paid, audited", async () => {
    const h = await heldTopup(5_000, 4_000);
    const clearing = await readPlatformBalance(t.db, "gateway_clearing", "cash");
    const r = await resolve(finance, { paymentOrderId: h.orderId, action: "credit", reason: "网关确认实收 ¥50.00" });
    expect(r).toMatchObject({ replayed: false, decision: { action: "credit", outcome: "topup_credited", amount: 5_000, currency: "CNY", actorId: finance.id, reason: "网关确认实收 ¥50.00" } });
    expect(await cash(h.userId)).toBe(5_000);
    expect(await readPlatformBalance(t.db, "gateway_clearing", "cash")).toBe(clearing - 5_000);
    expect(await orderOf(h.orderId)).toMatchObject({ status: "paid", paidAt: clock.now() });
    expect((await entriesFor(h.orderId)).map((e) => [e.idempotencyKey, e.reason, e.amount])).toEqual([[`topup:${h.orderId}`, "topup", 5_000]]);
    const [audit] = await auditFor(h.orderId);
    expect(audit).toMatchObject({ action: "payment.credit", actorId: finance.id, actorRole: "finance", before: { status: "review", reviewCode: "amount_mismatch" }, after: { status: "paid", outcome: "topup_credited", amount: 5_000 } });
    // The gateway's later notification of the right amount credits nothing more.
    expect((await capture(h.orderId, 5_000)).outcome).toBe("duplicate");
    expect(await cash(h.userId)).toBe(5_000);
  });

  it("a held store order: credited and the order paid from it; an order cancelled meanwhile keeps the money as cash", async () => {
    for (const cancelFirst of [false, true]) {
      const p = await createProduct(t.db, clock, { priceFen: 8_800, stock: 5 });
      const b = await createBuyer(t.db, clock);
      const o = await checkout(t.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 0, payWith: "gateway" });
      expect((await capture(o.paymentOrderId!, 1)).outcome).toBe("review");
      if (cancelFirst) await t.db.update(orders).set({ status: "cancelled" }).where(eq(orders.id, o.id));
      const r = await resolve(finance, { paymentOrderId: o.paymentOrderId!, action: "credit" });
      expect(r.decision.outcome).toBe(cancelFirst ? "kept_as_cash" : "order_paid");
      const [row] = await t.db.select().from(orders).where(eq(orders.id, o.id));
      expect(row!.status).toBe(cancelFirst ? "cancelled" : "paid");
      expect(await cash(b.id)).toBe(cancelFirst ? 8_800 : 0);
    }
  });

  it("a held gateway join: the seat is taken as intended; a join no longer possible keeps the money as cash and tells the shopper", async () => {
    const a = await f.makeActivity({ priceFen: 1_999, groupSize: 5, winners: 1, config: bareConfig() });
    for (const paused of [false, true]) {
      const u = await f.makeShopper();
      const entryId = randomUUID();
      const j = await t.db.transaction((tx) => createGatewayJoin(tx, clock, { userId: u, activityId: a.id, itemId: a.itemId, entryId }));
      expect((await capture(j.paymentOrderId, 1_000)).outcome).toBe("review");
      if (paused) await setActivityStatus(t.db, a.id, "paused");
      const r = await resolve(finance, { paymentOrderId: j.paymentOrderId, action: "credit" });
      expect(r.decision.outcome).toBe(paused ? "kept_as_cash" : "seat_taken");
      expect(await t.db.select().from(entries).where(eq(entries.id, entryId))).toHaveLength(paused ? 0 : 1);
      expect(await cash(u)).toBe(paused ? 1_999 : 0);
      const [intent] = await t.db.select().from(gatewayJoins).where(eq(gatewayJoins.paymentOrderId, j.paymentOrderId));
      expect(intent!.status).toBe(paused ? "kept_as_cash" : "seated");
    }
  });
});

describe("refund and dismiss", () => {
  it("refund: the reported amount back through the gateway (the sandbox records a reference); the ledger shows it passing through; no balance moves", async () => {
    const h = await heldTopup(5_000, 6_000);
    const calls: unknown[] = [];
    const recording: GatewayRefunds = { refund: async (i) => (calls.push(i), sandboxRefunds.refund(i)) };
    const clearing = await readPlatformBalance(t.db, "gateway_clearing", "cash");
    const r = await resolve(finance, { paymentOrderId: h.orderId, action: "refund", reason: "多收，原路退回" }, recording);
    expect(r.decision).toMatchObject({ outcome: "refunded", amount: 6_000, currency: "CNY", refundReference: expect.stringMatching(/^sbx_rf_[0-9a-f]{20}$/) });
    expect(calls).toEqual([{ key: `held-payment:${h.orderId}:refund`, provider: "sandbox", paymentOrderId: h.orderId, gatewayTxnId: expect.any(String), amount: 6_000, currency: "CNY" }]);
    expect(await cash(h.userId)).toBe(0);
    expect(await readPlatformBalance(t.db, "gateway_clearing", "cash")).toBe(clearing);
    expect(await readPlatformBalance(t.db, "held_payments", "cash")).toBe(0);
    expect((await entriesFor(h.orderId)).map((e) => [e.reason, e.amount])).toEqual([
      ["held_payment.received", 6_000],
      ["held_payment.refunded", 6_000],
    ]);
    expect(await orderOf(h.orderId)).toMatchObject({ status: "refunded", paidAt: null });
    expect((await auditFor(h.orderId)).map((a) => a.action)).toEqual(["payment.refund"]);
  });

  it("refund in another currency: recorded on the decision, the ledger (yuan only) untouched; nothing to refund is refused", async () => {
    const usd = await heldTopup(5_000, 700, "USD");
    expect((await resolve(finance, { paymentOrderId: usd.orderId, action: "refund" })).decision).toMatchObject({ outcome: "refunded", amount: 700, currency: "USD" });
    expect(await entriesFor(usd.orderId)).toEqual([]);

    const negative = await heldTopup(5_000, -1_600);
    const before = await counts();
    expect(codeOf(await resolve(finance, { paymentOrderId: negative.orderId, action: "refund" }).catch((e: unknown) => e))).toBe("PAYMENT_NOTHING_TO_REFUND");
    expect(await counts()).toEqual(before);
    expect((await orderOf(negative.orderId)).status).toBe("review");
  });

  it("dismiss: nothing moves, the payment leaves the review list, the decision and the audit row stay", async () => {
    const h = await heldTopup(5_000, -1_600);
    const ledgerBefore = (await counts())!.ledger;
    const r = await resolve(finance, { paymentOrderId: h.orderId, action: "dismiss", reason: "网关误报负数金额" });
    expect(r.decision).toMatchObject({ outcome: "dismissed", amount: 0 });
    expect((await counts())!.ledger).toBe(ledgerBefore);
    expect(await cash(h.userId)).toBe(0);
    expect((await orderOf(h.orderId)).status).toBe("dismissed");
    expect((await listPaymentsForReview(t.db, { limit: 100 })).map((p) => p.id)).not.toContain(h.orderId);
    const resolved = await listPaymentsForReview(t.db, { limit: 100, resolved: true });
    expect(resolved.find((p) => p.id === h.orderId)?.decision).toMatchObject({ action: "dismiss", outcome: "dismissed", reason: "网关误报负数金额", actorName: expect.any(String) });
    expect((await auditFor(h.orderId)).map((a) => a.action)).toEqual(["payment.dismiss"]);
  });

  it("a reason is required: without one nothing is written", async () => {
    const h = await heldTopup();
    const before = await counts();
    for (const reason of ["", " ", "x"]) {
      expect(codeOf(await resolve(finance, { paymentOrderId: h.orderId, action: "credit", reason }).catch((e: unknown) => e))).toBe("PAYMENT_REVIEW_REASON_REQUIRED");
    }
    expect(await counts()).toEqual(before);
    expect((await orderOf(h.orderId)).status).toBe("review");
  });
});

describe("once, whoever clicks", () => {
  it("the same action id again replays the first decision; a different action on a decided payment is refused; an id reused elsewhere is a mismatch", async () => {
    const h = await heldTopup();
    const actionId = randomUUID();
    await resolve(finance, { paymentOrderId: h.orderId, action: "credit", actionId });
    const before = await counts();
    expect(await resolve(finance, { paymentOrderId: h.orderId, action: "credit", actionId })).toMatchObject({ replayed: true, decision: { id: actionId } });
    expect(codeOf(await resolve(finance2, { paymentOrderId: h.orderId, action: "refund" }).catch((e: unknown) => e))).toBe("PAYMENT_ALREADY_RESOLVED");
    const other = await heldTopup();
    expect(codeOf(await resolve(finance, { paymentOrderId: other.orderId, action: "credit", actionId }).catch((e: unknown) => e))).toBe("IDEMPOTENCY_MISMATCH");
    expect(await counts()).toEqual(before);
    expect(await cash(h.userId)).toBe(5_000);
  });

  it("a double click on parallel connections credits once", async () => {
    for (let round = 0; round < 4; round++) {
      const h = await heldTopup();
      const actionId = randomUUID();
      const results = await Promise.all(Array.from({ length: 6 }, () => resolve(finance, { paymentOrderId: h.orderId, action: "credit", actionId })));
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(await cash(h.userId)).toBe(5_000);
      expect((await t.db.select({ n: count() }).from(heldPaymentActions).where(eq(heldPaymentActions.paymentOrderId, h.orderId)))[0]!.n).toBe(1);
      expect(await auditFor(h.orderId)).toHaveLength(1);
    }
  });

  it("finance users deciding the same payment at once on parallel connections: one decision applies, the others are refused", async () => {
    for (let round = 0; round < 4; round++) {
      const h = await heldTopup(5_000, 6_000);
      const attempts: { actor: Actor; action: HeldPaymentAction }[] = [
        { actor: finance, action: "credit" },
        { actor: finance2, action: "refund" },
        { actor: finance, action: "dismiss" },
        { actor: finance2, action: "credit" },
      ];
      const settled = await Promise.allSettled(attempts.map((a) => resolve(a.actor, { paymentOrderId: h.orderId, action: a.action })));
      const applied = settled.filter((s) => s.status === "fulfilled");
      expect(applied).toHaveLength(1);
      for (const s of settled) if (s.status === "rejected") expect(codeOf(s.reason)).toBe("PAYMENT_ALREADY_RESOLVED");
      const decision = (applied[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof resolve>>>).value.decision;
      expect(await cash(h.userId)).toBe(decision.action === "credit" ? 5_000 : 0);
      expect(await auditFor(h.orderId)).toHaveLength(1);
      const keys = (await entriesFor(h.orderId)).map((e) => e.idempotencyKey);
      expect(keys).toEqual(decision.action === "credit" ? [`topup:${h.orderId}`] : decision.action === "refund" ? [`held-payment:${h.orderId}:received`, `held-payment:${h.orderId}:refunded`] : []);
    }
  });
});

describe("through the router", () => {
  it("finance and owner may decide; operator, support and shoppers are refused and nothing changes", async () => {
    const h = await heldTopup();
    const input = { actionId: randomUUID(), paymentOrderId: h.orderId, action: "dismiss" as const, reason: "role check" };
    for (const role of ["operator", "support", "shopper"] as const) {
      const u = await createUser(t.db, { role });
      expect((await catchTrpc(() => callerFor(t.db, clock, { id: u.id, role }).admin.resolveHeldPayment(input))).trpcCode).toBe("FORBIDDEN");
    }
    expect((await orderOf(h.orderId)).status).toBe("review");
    const owner = await createUser(t.db, { role: "owner" });
    const r = await callerFor(t.db, clock, { id: owner.id, role: "owner" }).admin.resolveHeldPayment(input);
    expect(r).toMatchObject({ replayed: false, decision: { outcome: "dismissed", actorId: owner.id } });
    // A second decision by finance is a clear, translated refusal.
    const fin = callerFor(t.db, clock, { id: finance.id, role: "finance" });
    const refused = await catchTrpc(() => fin.admin.resolveHeldPayment({ ...input, actionId: randomUUID(), action: "credit" }));
    expect(refused).toMatchObject({ trpcCode: "CONFLICT", domainCode: "PAYMENT_ALREADY_RESOLVED" });
    expect(refused.message).toMatch(/已由其他人处理/);
  });

  it("the migration turns the reasons held before as text into a code and its figures", async () => {
    // The migration's own statement, run again over rows that carry the old text column.
    const file = readFileSync(path.join(process.cwd(), "db/migrations/0024_held_payment_actions.sql"), "utf8");
    const update = file.split("--> statement-breakpoint").map((s) => s.trim()).find((s) => s.includes('UPDATE "payment_orders"'));
    expect(update).toBeDefined();
    await t.db.execute(sql`ALTER TABLE payment_orders ADD COLUMN review_reason text`);
    try {
      const user = await createUser(t.db);
      const reasons = ["gateway reported -1600 CNY", "gateway reported 5000 usd", "something else"];
      const ids: string[] = [];
      for (const reason of reasons) {
        const o = await t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen: 5_000 }));
        await t.db.execute(sql`UPDATE payment_orders SET status = 'failed', review_reason = ${reason} WHERE id = ${o.id}`);
        ids.push(o.id);
      }
      await t.db.execute(sql.raw(update!));
      const rows = await Promise.all(ids.map(orderOf));
      expect(rows.map((r) => [r.reviewCode, r.reviewParams])).toEqual([
        ["amount_mismatch", { reportedAmount: -1600, reportedCurrency: "CNY" }],
        ["currency_mismatch", { reportedAmount: 5000, reportedCurrency: "USD" }],
        ["legacy", { text: "something else" }],
      ]);
    } finally {
      await t.db.execute(sql`ALTER TABLE payment_orders DROP COLUMN review_reason`);
    }
  });
});

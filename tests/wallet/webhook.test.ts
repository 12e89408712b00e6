import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createDb, type DbOrTx } from "@/db/client";
import { gatewayEvents, ledgerEntries, paymentOrders } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, listUserEntries, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { applyGatewayWebhook, type GatewayEvent } from "@/server/domain/wallet/apply-gateway-webhook";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import { listPaymentsForReview } from "@/server/domain/wallet/list-payments-for-review";
import { SETTING_DEFAULTS } from "@/server/domain/settings/platform-settings";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";

let t: TestDb;
const SECRET = "whsec_test_0123456789abcdef0123456789abcdef";
const clock = new FixedClock("2026-11-25T12:00:00Z");
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

beforeAll(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

interface Delivery {
  rawBody: string;
  signatureHeader: string | null;
}

/** A delivery as the gateway sends it: the JSON body and its signature header. */
function delivery(event: GatewayEvent, opts: { secret?: string; at?: number } = {}): Delivery {
  const rawBody = JSON.stringify(event);
  return { rawBody, signatureHeader: signWebhook(opts.secret ?? SECRET, rawBody, opts.at ?? nowSeconds()) };
}

const apply = (d: Delivery, db: DbOrTx = t.db) => db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SECRET, ...d }));

/** The DomainError code a rejected delivery failed with. */
const rejection = (d: Delivery) =>
  apply(d).then(
    (r) => `resolved ${JSON.stringify(r)}`,
    (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
  );

async function newOrder(amountFen = 5000): Promise<{ userId: string; orderId: string; amountFen: number }> {
  const user = await createUser(t.db);
  const order = await t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen }));
  return { userId: user.id, orderId: order.id, amountFen };
}

const captured = (o: { orderId: string; amountFen: number }, txnId = `txn_${randomUUID()}`): GatewayEvent => ({
  type: "payment.captured",
  txnId,
  orderId: o.orderId,
  amountFen: o.amountFen,
  currency: "CNY",
});

const order = async (id: string) => (await t.db.select().from(paymentOrders).where(eq(paymentOrders.id, id)))[0]!;
const cash = async (userId: string) => (await readUserBalances(t.db, userId)).cash;
const entryCount = async () => (await t.db.select({ n: count() }).from(ledgerEntries))[0]!.n;
const eventRow = async (txnId: string) => (await t.db.select().from(gatewayEvents).where(eq(gatewayEvents.gatewayTxnId, txnId)))[0];

describe("gateway webhook", () => {
  it("credits a valid capture once: cash, a topup entry, and the order paid", async () => {
    const user = await createUser(t.db);
    const shopper = callerFor(t.db, clock, { id: user.id, role: "shopper" });
    const created = await shopper.wallet.createTopup({ amountFen: 12_345 });
    expect(created).toMatchObject({ amountFen: 12_345, payUrl: `/pay/sandbox/${created.id}` });
    expect(await shopper.wallet.topup({ id: created.id })).toMatchObject({ status: "pending", amountFen: 12_345 });
    const clearingBefore = await readPlatformBalance(t.db, "gateway_clearing", "cash");

    const event = captured({ orderId: created.id, amountFen: 12_345 });
    await expect(apply(delivery(event))).resolves.toEqual({ outcome: "credited", orderId: created.id });

    expect(await cash(user.id)).toBe(12_345);
    expect(await readPlatformBalance(t.db, "gateway_clearing", "cash")).toBe(clearingBefore - 12_345);
    const { items } = await listUserEntries(t.db, { userId: user.id, limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ asset: "cash", amount: 12_345, reason: "topup", refType: "payment_order", refId: created.id });
    const row = await order(created.id);
    expect(row).toMatchObject({ status: "paid", gatewayTxnId: event.txnId });
    expect(row.paidAt?.toISOString()).toBe(clock.now().toISOString());
    expect(await shopper.wallet.topup({ id: created.id })).toMatchObject({ status: "paid" });
    expect(await eventRow(event.txnId)).toMatchObject({ outcome: "credited", paymentOrderId: created.id, eventType: "payment.captured" });
  });

  it("refuses a forged signature and credits nothing", async () => {
    const o = await newOrder(8000);
    const event = captured(o);
    const entriesBefore = await entryCount();

    // Signed with another secret.
    expect(await rejection(delivery(event, { secret: "whsec_attacker_guess_000000000000000000" }))).toBe("WEBHOOK_SIGNATURE_INVALID");
    // Signed correctly, then the body was changed (amount raised) on the way.
    const genuine = delivery(event);
    const tampered = { ...genuine, rawBody: genuine.rawBody.replace('"amountFen":8000', '"amountFen":80000') };
    expect(tampered.rawBody).not.toBe(genuine.rawBody);
    expect(await rejection(tampered)).toBe("WEBHOOK_SIGNATURE_INVALID");
    // Whitespace counts: the signature covers the exact bytes.
    expect(await rejection({ ...genuine, rawBody: genuine.rawBody + " " })).toBe("WEBHOOK_SIGNATURE_INVALID");
    // A signature lifted from another delivery, a truncated one, and none at all.
    expect(await rejection({ rawBody: genuine.rawBody, signatureHeader: delivery(captured(o)).signatureHeader })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(await rejection({ rawBody: genuine.rawBody, signatureHeader: genuine.signatureHeader!.slice(0, -2) })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(await rejection({ rawBody: genuine.rawBody, signatureHeader: null })).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(await rejection({ rawBody: genuine.rawBody, signatureHeader: "" })).toBe("WEBHOOK_SIGNATURE_INVALID");

    expect(await cash(o.userId)).toBe(0);
    expect(await entryCount()).toBe(entriesBefore);
    expect((await order(o.orderId)).status).toBe("pending");
    // A refused delivery leaves no trace that would block the genuine one.
    expect(await eventRow(event.txnId)).toBeUndefined();
    await expect(apply(genuine)).resolves.toMatchObject({ outcome: "credited" });
    expect(await cash(o.userId)).toBe(8000);
  });

  it("answers a replay of the same delivery with duplicate and credits once", async () => {
    const o = await newOrder(3000);
    const d = delivery(captured(o));
    expect((await apply(d)).outcome).toBe("credited");
    const entriesAfterFirst = await entryCount();
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await expect(apply(d)).resolves.toEqual({ outcome: "duplicate", orderId: o.orderId });
    }
    expect(await cash(o.userId)).toBe(3000);
    expect(await entryCount()).toBe(entriesAfterFirst);
    // The replay did not touch the recorded delivery either.
    expect(await eventRow(JSON.parse(d.rawBody).txnId)).toMatchObject({ outcome: "credited" });
  });

  it("refuses a timestamp more than 300 s from the clock, either way, and accepts one at 300 s", async () => {
    const o = await newOrder(4000);
    const event = captured(o);
    expect(await rejection(delivery(event, { at: nowSeconds() - 301 }))).toBe("WEBHOOK_TIMESTAMP_STALE");
    expect(await rejection(delivery(event, { at: nowSeconds() + 301 }))).toBe("WEBHOOK_TIMESTAMP_STALE");
    expect(await rejection(delivery(event, { at: nowSeconds() - 3600 }))).toBe("WEBHOOK_TIMESTAMP_STALE");
    expect(await cash(o.userId)).toBe(0);
    expect(await eventRow(event.txnId)).toBeUndefined();

    await expect(apply(delivery(event, { at: nowSeconds() - 300 }))).resolves.toMatchObject({ outcome: "credited" });
    expect(await cash(o.userId)).toBe(4000);

    const o2 = await newOrder(4100);
    await expect(apply(delivery(captured(o2), { at: nowSeconds() + 300 }))).resolves.toMatchObject({ outcome: "credited" });
  });

  it("credits exactly once when 20 copies of a delivery arrive at the same time", async () => {
    const o = await newOrder(7777);
    const d = delivery(captured(o));
    const pool = createDb(t.url, { max: 25 });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => apply(d, pool.db)));
      const outcomes = results.map((r) => r.outcome).sort();
      expect(outcomes).toEqual(["credited", ...Array(19).fill("duplicate")]);
    } finally {
      await pool.close();
    }
    expect(await cash(o.userId)).toBe(7777);
    const { items } = await listUserEntries(t.db, { userId: o.userId, limit: 50 });
    expect(items.map((e) => [e.reason, e.amount])).toEqual([["topup", 7777]]);
    expect((await order(o.orderId)).status).toBe("paid");
  });

  it("credits exactly once when 20 different transaction ids for one order arrive at the same time", async () => {
    const o = await newOrder(6500);
    const deliveries = Array.from({ length: 20 }, () => delivery(captured(o)));
    const pool = createDb(t.url, { max: 25 });
    try {
      const results = await Promise.all(deliveries.map((d) => apply(d, pool.db)));
      expect(results.filter((r) => r.outcome === "credited")).toHaveLength(1);
      expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(19);
    } finally {
      await pool.close();
    }
    expect(await cash(o.userId)).toBe(6500);
  });

  it("credits nothing for a second transaction id on an order already paid", async () => {
    const o = await newOrder(2500);
    const first = captured(o);
    expect((await apply(delivery(first))).outcome).toBe("credited");
    const entriesBefore = await entryCount();
    const second = captured(o);
    expect(second.txnId).not.toBe(first.txnId);
    await expect(apply(delivery(second))).resolves.toEqual({ outcome: "duplicate", orderId: o.orderId });
    expect(await cash(o.userId)).toBe(2500);
    expect(await entryCount()).toBe(entriesBefore);
    expect((await order(o.orderId)).gatewayTxnId).toBe(first.txnId);
  });

  it.each([
    ["amount", { amountFen: 9999 }, { reviewCode: "amount_mismatch", reviewParams: { reportedAmount: 9999, reportedCurrency: "CNY" } }],
    ["amount (lower)", { amountFen: 1 }, { reviewCode: "amount_mismatch", reviewParams: { reportedAmount: 1, reportedCurrency: "CNY" } }],
    ["amount (negative)", { amountFen: -1600 }, { reviewCode: "amount_mismatch", reviewParams: { reportedAmount: -1600, reportedCurrency: "CNY" } }],
    ["currency", { currency: "USD" }, { reviewCode: "currency_mismatch", reviewParams: { reportedAmount: 5000, reportedCurrency: "USD" } }],
  ])("parks a %s mismatch for review and credits nothing", async (_what, change, reason) => {
    const o = await newOrder(5000);
    const event = { ...captured(o), ...change };
    const entriesBefore = await entryCount();
    await expect(apply(delivery(event))).resolves.toEqual({ outcome: "review", orderId: o.orderId });

    expect(await cash(o.userId)).toBe(0);
    expect(await entryCount()).toBe(entriesBefore);
    expect(await order(o.orderId)).toMatchObject({ status: "review", gatewayTxnId: event.txnId, ...reason, paidAt: null });
    expect(await eventRow(event.txnId)).toMatchObject({ outcome: "review" });
    const review = await listPaymentsForReview(t.db, { limit: 100 });
    const mine = review.find((r) => r.id === o.orderId);
    expect(mine).toMatchObject({ amountFen: 5000, currency: "CNY", gatewayTxnId: event.txnId, ...reason });
    expect(mine!.phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    // A later matching capture does not credit an order under review either.
    expect((await apply(delivery(captured(o)))).outcome).toBe("duplicate");
    expect(await cash(o.userId)).toBe(0);
  });

  it("ignores a payment.failed that arrives after the capture", async () => {
    const o = await newOrder(3300);
    expect((await apply(delivery(captured(o)))).outcome).toBe("credited");
    const failed: GatewayEvent = { ...captured(o), type: "payment.failed" };
    await expect(apply(delivery(failed))).resolves.toEqual({ outcome: "ignored", orderId: o.orderId });
    expect((await order(o.orderId)).status).toBe("paid");
    expect(await cash(o.userId)).toBe(3300);
    expect(await eventRow(failed.txnId)).toMatchObject({ outcome: "ignored" });
  });

  it("marks a pending order failed on payment.failed, crediting nothing", async () => {
    const o = await newOrder(3400);
    await expect(apply(delivery({ ...captured(o), type: "payment.failed" }))).resolves.toEqual({ outcome: "failed", orderId: o.orderId });
    expect((await order(o.orderId)).status).toBe("failed");
    expect(await cash(o.userId)).toBe(0);
  });

  it("answers unknown_order for an order that does not exist and credits nothing", async () => {
    const entriesBefore = await entryCount();
    const event = captured({ orderId: randomUUID(), amountFen: 5000 });
    await expect(apply(delivery(event))).resolves.toEqual({ outcome: "unknown_order", orderId: event.orderId });
    expect(await entryCount()).toBe(entriesBefore);
    expect(await eventRow(event.txnId)).toMatchObject({ outcome: "unknown_order" });
  });

  it("refuses a correctly signed body that is not a gateway event", async () => {
    const rawBody = JSON.stringify({ type: "payment.captured", txnId: "x", orderId: "not-a-uuid", amountFen: 1, currency: "CNY" });
    expect(await rejection({ rawBody, signatureHeader: signWebhook(SECRET, rawBody, nowSeconds()) })).toBe("BAD_INPUT");
    expect(await rejection({ rawBody: "{", signatureHeader: signWebhook(SECRET, "{", nowSeconds()) })).toBe("BAD_INPUT");
  });
});

describe("wallet.createTopup", () => {
  const { topupMinFen, topupMaxFen } = SETTING_DEFAULTS.wallet;

  // Zod refuses what is not a positive whole number (no domain code, the BAD_INPUT message);
  // the domain refuses what is outside the operator's limits (AMOUNT_OUT_OF_RANGE).
  it.each([
    ["zero", 0, null],
    ["negative", -100, null],
    ["fractional", 100.5, null],
    ["NaN", Number.NaN, null],
    ["above the hard limit", 1_000_000_001, null],
    ["below the minimum", topupMinFen - 1, "AMOUNT_OUT_OF_RANGE"],
    ["above the maximum", topupMaxFen + 1, "AMOUNT_OUT_OF_RANGE"],
  ])("refuses %s (%d) with BAD_REQUEST and opens no order", async (_what, amountFen, domainCode) => {
    const user = await createUser(t.db);
    const err = await catchTrpc(() => callerFor(t.db, clock, { id: user.id, role: "shopper" }).wallet.createTopup({ amountFen }));
    expect(err.trpcCode).toBe("BAD_REQUEST");
    expect(err.domainCode).toBe(domainCode);
    // The message names the operator's limits in yuan (defaults ¥1.00 and ¥50,000.00).
    expect(err.message).toBe(domainCode ? "金额需在 ¥1.00 至 ¥50000.00 之间" : "输入有误，请检查后重试");
    const [row] = await t.db.select({ n: count() }).from(paymentOrders).where(eq(paymentOrders.userId, user.id));
    expect(row!.n).toBe(0);
  });

  it("accepts the minimum and the maximum", async () => {
    const user = await createUser(t.db);
    const shopper = callerFor(t.db, clock, { id: user.id, role: "shopper" });
    await expect(shopper.wallet.createTopup({ amountFen: topupMinFen })).resolves.toMatchObject({ amountFen: topupMinFen });
    await expect(shopper.wallet.createTopup({ amountFen: topupMaxFen })).resolves.toMatchObject({ amountFen: topupMaxFen });
    const rows = await t.db.select().from(paymentOrders).where(eq(paymentOrders.userId, user.id));
    expect(rows.map((r) => r.status)).toEqual(["pending", "pending"]);
  });

  it("refuses an anonymous caller", async () => {
    expect(await catchTrpc(() => callerFor(t.db, clock, null).wallet.createTopup({ amountFen: 1000 }))).toMatchObject({ trpcCode: "UNAUTHORIZED" });
  });
});

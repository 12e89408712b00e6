import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, gatewayRefunds } from "@/db/schema";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { refundOrder } from "@/server/domain/store/refund-order";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { submitOpenRefunds } from "@/server/domain/wallet/provider-refunds";
import { toWechatNo } from "@/server/payments/wechatpay-payments";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { checkout, createBuyer, createProduct } from "../store/fixtures";
import { standInEnv } from "../support/stand-ins/stand-in-credentials";
import { startProviderHarness, type ProviderHarness } from "./provider-harness";

/**
 * The console's payments through the router (admin.payments.*, admin.orders.list): who may look and
 * act (payments.read / payments.resolve), what each row carries (provider, the provider's transaction
 * and refund ids, the store order and refund), the filters, and "ask now" on an open provider refund:
 * the sync job's path, applied once, audited each time.
 */
let t: TestDb;
let h: ProviderHarness;
const clock = new FixedClock("2026-11-25T12:00:00Z");
const staff = {} as Record<"owner" | "operator" | "finance" | "support", { id: string; role: "owner" | "operator" | "finance" | "support" }>;
const as = (who: keyof typeof staff) => callerFor(t.db, clock, staff[who]);

beforeAll(async () => {
  t = await createTestDb({ max: 6 });
  h = await startProviderHarness(t.db, clock);
  // The router builds its providers from the environment (once, on first use), as a server does.
  Object.assign(process.env, standInEnv(h.creds, { alipayGateway: h.standIns.alipay.gateway, wechatOrigin: h.standIns.wechatpay.origin, publicBaseUrl: "https://shop.example" }), { PAYMENT_GATEWAY: "sandbox" });
  for (const role of ["owner", "operator", "finance", "support"] as const) staff[role] = { id: (await createUser(t.db, { role })).id, role };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(async () => {
  await h.close();
  await t.drop();
});

const finance = () => ({ id: staff.finance.id, role: "finance" as const, ip: "127.0.0.1" });
const wx = () => h.standIns.wechatpay;

async function paidWechatOrder(priceFen: number) {
  const buyer = await createBuyer(t.db, clock);
  const product = await createProduct(t.db, clock, { priceFen });
  const placed = await checkout(t.db, clock, { userId: buyer.id, lines: [{ productId: product.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "gateway", provider: "wechatpay" });
  await h.providers.wechatpay.startPayment(h.request("wechatpay", { id: placed.paymentOrderId!, amountFen: priceFen }));
  expect(await wx().pay(toWechatNo(placed.paymentOrderId!))).toEqual({ status: 204, body: "" });
  return { buyer, orderId: placed.id, paymentOrderId: placed.paymentOrderId! };
}

/** A store refund of `amountFen` sent to WeChat Pay, which answers as `status` says. */
async function refundThroughWechat(orderId: string, amountFen: number, status: "PROCESSING" | "SUCCESS" | "REFUSED") {
  const refundId = randomUUID();
  wx().decideRefunds(() => (status === "REFUSED" ? { error: { status: 403, code: "NOT_ENOUGH", message: "基本账户余额不足" } } : { status }));
  try {
    await t.db.transaction((tx) => refundOrder(tx, clock, finance(), { orderId, refundId, amountFen, note: "退货" }));
    await submitOpenRefunds(t.db, clock, h.providerFor, { orderId });
  } finally {
    wx().decideRefunds(() => ({ status: "SUCCESS" }));
  }
  const [row] = await t.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.orderId, orderId));
  return { refund: row!, refundId };
}

const audits = (refundId: string) => t.db.select().from(auditLog).where(and(eq(auditLog.targetId, refundId), eq(auditLog.action, "gateway_refund.query")));

describe("console payments", () => {
  it("refuses the roles that may not see payments, and asking to the roles that may not resolve them", async () => {
    for (const who of ["operator", "support"] as const) {
      expect((await catchTrpc(() => as(who).admin.payments.list({}))).trpcCode).toBe("FORBIDDEN");
      expect((await catchTrpc(() => as(who).admin.payments.refunds({}))).trpcCode).toBe("FORBIDDEN");
      expect((await catchTrpc(() => as(who).admin.payments.askRefund({ refundId: randomUUID() }))).trpcCode).toBe("FORBIDDEN");
    }
    const shopper = await createUser(t.db);
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: shopper.id, role: "shopper" }).admin.payments.refunds({}))).trpcCode).toBe("FORBIDDEN");
    expect((await catchTrpc(() => callerFor(t.db, clock, null).admin.payments.list({}))).trpcCode).toBe("UNAUTHORIZED");
    // Finance and the owner are let in (an unknown refund is NOT_FOUND, and nothing is audited).
    expect((await catchTrpc(() => as("owner").admin.payments.askRefund({ refundId: randomUUID() }))).domainCode).toBe("NOT_FOUND");
    expect(await as("finance").admin.payments.list({ limit: 1 })).toMatchObject({ items: expect.any(Array) as unknown });
  });

  it("lists every payment with its provider and the provider's transaction id, filtered by provider and status", async () => {
    const { orderId, paymentOrderId } = await paidWechatOrder(3_300);
    const user = await createUser(t.db);
    const alipay = await t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen: 1_200, provider: "alipay" }));
    const all = await as("finance").admin.payments.list({ limit: 100 });
    const wechatRow = all.items.find((p) => p.id === paymentOrderId)!;
    expect(wechatRow).toMatchObject({ provider: "wechatpay", status: "paid", amountFen: 3_300, purpose: "store_order", orderId, gatewayTxnId: wx().trades.get(toWechatNo(paymentOrderId))!.transactionId });
    expect(wechatRow.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(all.items.find((p) => p.id === alipay.id)).toMatchObject({ provider: "alipay", status: "pending", gatewayTxnId: null, orderId: null });
    const onlyAlipay = await as("owner").admin.payments.list({ provider: "alipay", limit: 100 });
    expect(onlyAlipay.items.length).toBeGreaterThan(0);
    expect(onlyAlipay.items.every((p) => p.provider === "alipay")).toBe(true);
    const paidWechat = await as("owner").admin.payments.list({ provider: "wechatpay", status: "paid", limit: 100 });
    expect(paidWechat.items.map((p) => p.id)).toContain(paymentOrderId);
    expect(paidWechat.items.every((p) => p.provider === "wechatpay" && p.status === "paid")).toBe(true);
    // Pages follow one another without gaps or repeats.
    const first = await as("finance").admin.payments.list({ limit: 1 });
    const second = await as("finance").admin.payments.list({ limit: 1, cursor: first.nextCursor });
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    // The orders list carries the same provider and transaction id, and filters by provider (orders.read: operators too).
    const orders = await as("operator").admin.orders.list({ provider: "wechatpay", limit: 100 });
    expect(orders.items.find((o) => o.id === orderId)).toMatchObject({ paymentProvider: "wechatpay", gatewayTxnId: wechatRow.gatewayTxnId });
    expect(orders.items.every((o) => o.paymentProvider === "wechatpay")).toBe(true);
    expect(await as("support").admin.orders.get({ id: orderId })).toMatchObject({ paymentProvider: "wechatpay", gatewayTxnId: wechatRow.gatewayTxnId });
  });

  it("lists provider refunds with their order, refund, provider ids and state; filtered by status, provider and order", async () => {
    const done = await paidWechatOrder(2_000);
    const { refund: succeeded, refundId } = await refundThroughWechat(done.orderId, 2_000, "SUCCESS");
    const open = await paidWechatOrder(1_500);
    const { refund: processing } = await refundThroughWechat(open.orderId, 500, "PROCESSING");
    const page = await as("finance").admin.payments.refunds({ limit: 100 });
    expect(page.items.find((r) => r.id === succeeded.id)).toMatchObject({
      provider: "wechatpay",
      status: "succeeded",
      amountFen: 2_000,
      orderId: done.orderId,
      orderRefundId: refundId,
      paymentOrderId: done.paymentOrderId,
      providerRefundId: expect.stringMatching(/^5030/) as unknown,
      failureReason: null,
      finishedAt: expect.any(Date) as unknown,
    });
    expect(page.items.find((r) => r.id === processing.id)).toMatchObject({ status: "processing", finishedAt: null, amountFen: 500 });
    const refusedOrder = await paidWechatOrder(700);
    const { refund: refused } = await refundThroughWechat(refusedOrder.orderId, 700, "REFUSED");
    const onlyFailed = await as("finance").admin.payments.refunds({ status: "failed", limit: 100 });
    expect(onlyFailed.items.find((r) => r.id === refused.id)).toMatchObject({ status: "failed", failureReason: "基本账户余额不足 (NOT_ENOUGH)", finishedAt: expect.any(Date) as unknown });
    expect(onlyFailed.items.every((r) => r.status === "failed")).toBe(true);
    const onlyProcessing = await as("owner").admin.payments.refunds({ status: "processing", limit: 100 });
    expect(onlyProcessing.items.map((r) => r.id)).toContain(processing.id);
    expect(onlyProcessing.items.every((r) => r.status === "processing")).toBe(true);
    expect((await as("owner").admin.payments.refunds({ orderId: done.orderId })).items.map((r) => r.id)).toEqual([succeeded.id]);
    expect((await as("owner").admin.payments.refunds({ provider: "alipay", limit: 100 })).items.every((r) => r.provider === "alipay")).toBe(true);
  });

  it("asks the provider about an open refund now: the answer applied once, however often it is asked, each ask audited", async () => {
    const { buyer, orderId } = await paidWechatOrder(4_400);
    const { refund } = await refundThroughWechat(orderId, 4_400, "PROCESSING");
    const cashBefore = (await readUserBalances(t.db, buyer.id)).cash;
    // Still processing at WeChat Pay: nothing moves, the look is audited.
    expect(await as("finance").admin.payments.askRefund({ refundId: refund.id })).toEqual({ before: "processing", status: "processing", changed: false });
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBeGreaterThanOrEqual(4_400);
    wx().settleRefund(toWechatNo(refund.id), "SUCCESS");
    const held = await readPlatformBalance(t.db, "gateway_refunds", "cash");
    // Two operators at once, and again afterwards: settled once.
    const both = await Promise.all([as("finance").admin.payments.askRefund({ refundId: refund.id }), as("owner").admin.payments.askRefund({ refundId: refund.id })]);
    expect(both.map((b) => b.status)).toEqual(["succeeded", "succeeded"]);
    expect(await as("finance").admin.payments.askRefund({ refundId: refund.id })).toEqual({ before: "succeeded", status: "succeeded", changed: false });
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBe(held - 4_400);
    expect((await readUserBalances(t.db, buyer.id)).cash).toBe(cashBefore);
    const entries = await audits(refund.id);
    expect(entries).toHaveLength(4);
    expect(entries.map((e) => e.actorRole).sort()).toEqual(["finance", "finance", "finance", "owner"]);
    expect(entries.filter((e) => (e.after as { status: string }).status === "succeeded")).toHaveLength(3);
    expect(entries[0]).toMatchObject({ targetType: "gateway_refund", before: { status: "processing", provider: "wechatpay" } });
  });

  it("leaves the refund as it was, audited, when the provider cannot be reached", async () => {
    const { orderId } = await paidWechatOrder(900);
    const { refund } = await refundThroughWechat(orderId, 900, "PROCESSING");
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError("fetch failed"));
    try {
      expect((await catchTrpc(() => as("finance").admin.payments.askRefund({ refundId: refund.id }))).domainCode).toBe("PAYMENT_PROVIDER_UNREACHABLE");
    } finally {
      globalThis.fetch = realFetch;
    }
    expect((await t.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.id, refund.id)))[0]).toMatchObject({ status: "processing" });
    const [entry] = await audits(refund.id);
    expect(entry).toMatchObject({ after: { status: "processing", error: "unreachable" } });
  });
});

import { createSign, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { createDb } from "@/db/client";
import { gatewayRefunds, heldPaymentActions, ledgerEntries, notifications, paymentOrders } from "@/db/schema";
import { moneyNoticeText, moneyNoticeHref, type MoneyNoticePayload } from "@/components/me/money-notice-text";
import { untyped } from "@/components/i18n/dynamic-key";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { refundOrder } from "@/server/domain/store/refund-order";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { submitOpenRefunds } from "@/server/domain/wallet/provider-refunds";
import { resolveHeldPayment } from "@/server/domain/wallet/resolve-held-payment";
import { syncPayments } from "@/server/domain/wallet/sync-payments";
import { receivePaymentNotification } from "@/server/payments/receive-notification";
import { sandboxRefunds } from "@/server/payments/sandbox-gateway";
import { toWechatNo, wechatpayPaymentProvider } from "@/server/payments/wechatpay-payments";
import { REFUND_RETURNED_NOTICE } from "@/server/domain/notifications/refund-notice";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { staffActor } from "../ads/fixtures";
import { checkout, createBuyer, createProduct } from "../store/fixtures";
import { startProviderHarness, type ProviderHarness } from "./provider-harness";

/**
 * Refund results told by the providers (issue 18): WeChat Pay's REFUND.SUCCESS / REFUND.ABNORMAL /
 * REFUND.CLOSED and Alipay's trade notification naming our refund number, verified as payment
 * notifications are and applied once through the refund row; finance's refund of a held payment sent
 * after its transaction commits, completed by payments.sync when the provider was down; the shopper
 * told, in both languages, when a refund could not go back and went to their cash instead.
 */
let t: TestDb;
let h: ProviderHarness;
const clock = new FixedClock("2026-11-25T12:00:00Z");
const later = () => new FixedClock(new Date(clock.now().getTime() + 2 * 60_000));
let finance: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  t = await createTestDb({ max: 8 });
  h = await startProviderHarness(t.db, clock);
  finance = await staffActor(t.db, "finance");
});
afterEach(async () => {
  h.standIns.wechatpay.decideRefunds(() => ({ status: "SUCCESS" }));
  h.standIns.alipay.decideRefunds(() => ({ ok: true }));
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(async () => {
  await h.close();
  await t.drop();
});

const wx = () => h.standIns.wechatpay;
const cash = async (userId: string) => (await readUserBalances(t.db, userId)).cash;
const refundsOf = (paymentOrderId: string) => t.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.paymentOrderId, paymentOrderId));
const noticesOf = (userId: string) => t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, REFUND_RETURNED_NOTICE)));
const deliver = (n: { headers: Record<string, string>; body: string }) => wx().deliver(h.notifyUrl("wechatpay"), n);
const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);
const refused = (status: number) => ({ status, body: expect.stringMatching(/^\{"code":"FAIL","message":"[A-Z_]+"\}$/) as unknown });
const ok = { status: 204, body: "" };

/** A local port nothing listens on (connection refused: the provider is down). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The notice as each locale's reader sees it, through the notifications page's own function. */
function read(payload: unknown) {
  return Object.fromEntries(
    (["zh-CN", "en"] as const).map((locale) => {
      const messages = locale === "en" ? en : zhCN;
      const tr = (namespace: "notifications" | "payoutAccounts" | "payoutBanks" | "payoutFailures") => untyped(createTranslator({ locale, messages, namespace }) as never);
      return [locale, moneyNoticeText(REFUND_RETURNED_NOTICE, payload as MoneyNoticePayload, tr("notifications"), tr("payoutAccounts"), tr("payoutBanks"), tr("payoutFailures"))];
    }),
  );
}

/** A store order paid through WeChat Pay, refunded by finance with WeChat Pay leaving the refund PROCESSING. */
async function processingStoreRefund(priceFen: number, refundFen = priceFen) {
  const buyer = await createBuyer(t.db, clock);
  const product = await createProduct(t.db, clock, { priceFen, name: "蓝牙耳机" });
  const placed = await checkout(t.db, clock, { userId: buyer.id, lines: [{ productId: product.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "gateway", provider: "wechatpay" });
  const paymentOrderId = placed.paymentOrderId!;
  await h.providers.wechatpay.startPayment(h.request("wechatpay", { id: paymentOrderId, amountFen: priceFen }));
  expect(await wx().pay(toWechatNo(paymentOrderId))).toEqual(ok);
  wx().decideRefunds(() => ({ status: "PROCESSING" }));
  await t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId: placed.id, refundId: randomUUID(), amountFen: refundFen, note: "退货" }));
  await submitOpenRefunds(t.db, clock, h.providerFor, { orderId: placed.id });
  const [refund] = await refundsOf(paymentOrderId);
  expect(refund).toMatchObject({ status: "processing", kind: "store_refund", amountFen: refundFen });
  return { buyerId: buyer.id, orderId: placed.id, paymentOrderId, refund: refund!, no: toWechatNo(refund!.id) };
}

describe("WeChat Pay refund notifications", () => {
  it("REFUND.SUCCESS settles a processing refund once: out through WeChat Pay; a replay and a late ABNORMAL change nothing", async () => {
    const r = await processingStoreRefund(4_000);
    // Our refund request named our notify endpoint, so WeChat Pay sends its result there.
    expect(wx().trades.get(toWechatNo(r.paymentOrderId))!.refunds.get(r.no)!.notifyUrl).toBe(h.notifyUrl("wechatpay"));
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBe(4_000);
    expect(await wx().notifyRefund(r.no, "SUCCESS")).toEqual(ok);
    expect((await refundsOf(r.paymentOrderId))[0]).toMatchObject({ status: "succeeded", providerRefundId: r.refund.providerRefundId, finishedAt: clock.now() });
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBe(0);
    const entries = () => t.db.select().from(ledgerEntries).where(eq(ledgerEntries.refId, r.refund.id));
    expect((await entries()).map((e) => e.idempotencyKey)).toEqual([`gateway-refund:${r.refund.id}:paid`]);
    expect(await deliver(wx().refundNotification(r.no))).toEqual(ok);
    wx().settleRefund(r.no, "ABNORMAL");
    expect(await deliver(wx().refundNotification(r.no))).toEqual(ok);
    expect((await refundsOf(r.paymentOrderId))[0]!.status).toBe("succeeded");
    expect(await entries()).toHaveLength(1);
    expect(await cash(r.buyerId)).toBe(0);
    expect(await noticesOf(r.buyerId)).toHaveLength(0);
  });

  it("20 copies of REFUND.ABNORMAL at once, on 20 connections: the money reaches the shopper's cash once, with WeChat Pay's reason and one notice", async () => {
    const r = await processingStoreRefund(3_000, 1_800);
    wx().settleRefund(r.no, "ABNORMAL");
    const n = wx().refundNotification(r.no);
    const pool = createDb(t.url, { max: 22 });
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => receivePaymentNotification(pool.db, clock, h.providers.wechatpay, { rawBody: n.body, headers: new Headers(n.headers), verifiedAt: new Date() })));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    } finally {
      await pool.close();
    }
    expect((await refundsOf(r.paymentOrderId))[0]).toMatchObject({ status: "failed", failureReason: "退款异常 (ABNORMAL)" });
    expect(await cash(r.buyerId)).toBe(1_800);
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBe(0);
    const [notice, ...more] = await noticesOf(r.buyerId);
    expect(more).toHaveLength(0);
    expect(notice!.payload).toEqual({ refundId: r.refund.id, orderId: r.orderId, paymentOrderId: r.paymentOrderId, purpose: "store_order", itemName: "蓝牙耳机", itemCount: 1, amountFen: 1_800, reason: "退款异常 (ABNORMAL)" });
    expect(read(notice!.payload)).toEqual({
      "zh-CN": { title: "退款未能原路退回，已存入零钱", body: "订单「蓝牙耳机」退款 ¥18.00 未能原路退回，已存入你的零钱，可用于拼团、购物或提现。原因：退款异常 (ABNORMAL)", tone: "bad" },
      en: { title: "Refund couldn't go back to your payment: it's in your cash", body: "The ¥18.00 refund for your order “蓝牙耳机” couldn't be returned to the original payment, so it's in your cash balance, ready to join groups, shop or withdraw. Reason: 退款异常 (ABNORMAL)", tone: "bad" },
    });
    expect(moneyNoticeHref(REFUND_RETURNED_NOTICE, notice!.payload as MoneyNoticePayload)).toBe(`/orders/${r.orderId}`);
    // A SUCCESS reported after the failure is a no-op: the money stays in the shopper's cash.
    wx().settleRefund(r.no, "SUCCESS");
    expect(await deliver(wx().refundNotification(r.no))).toEqual(ok);
    expect(await cash(r.buyerId)).toBe(1_800);
  });

  it("REFUND.CLOSED returns the money with WeChat Pay's reason", async () => {
    const r = await processingStoreRefund(900);
    expect(await wx().notifyRefund(r.no, "CLOSED")).toEqual(ok);
    expect((await refundsOf(r.paymentOrderId))[0]).toMatchObject({ status: "failed", failureReason: "退款关闭 (CLOSED)" });
    expect(await cash(r.buyerId)).toBe(900);
  });

  it("refuses a flipped byte (body, signature, serial, ciphertext), a stale timestamp and another merchant: nothing applied until the genuine one", async () => {
    const r = await processingStoreRefund(1_200);
    wx().settleRefund(r.no, "ABNORMAL");
    const good = wx().refundNotification(r.no);
    const withHeader = (name: string, value: string) => ({ headers: { ...good.headers, [name]: value }, body: good.body });
    expect(await deliver({ headers: good.headers, body: good.body.replace('"REFUND.ABNORMAL"', '"REFUND.ABNORMAl"') })).toEqual(refused(401));
    expect(await deliver(withHeader("wechatpay-signature", flip(good.headers["wechatpay-signature"]!, 12)))).toEqual(refused(401));
    expect(await deliver(withHeader("wechatpay-serial", flip(good.headers["wechatpay-serial"]!, 14)))).toEqual(refused(401));
    expect(await deliver(withHeader("wechatpay-timestamp", String(Number(good.headers["wechatpay-timestamp"]) + 1)))).toEqual(refused(401));
    expect(await deliver(wx().refundNotification(r.no, {}, { at: Math.floor(Date.now() / 1000) - 301 }))).toEqual(refused(401));
    expect(await deliver(wx().refundNotification(r.no, { mchid: "1900009999" }))).toEqual(refused(401));
    // A changed ciphertext byte, signed afresh by the platform key: only the AES-GCM tag can tell.
    const body = JSON.parse(good.body) as { resource: { ciphertext: string } };
    body.resource.ciphertext = flip(body.resource.ciphertext, 8);
    const text = JSON.stringify(body);
    const signature = createSign("RSA-SHA256").update(`${good.headers["wechatpay-timestamp"]}\n${good.headers["wechatpay-nonce"]}\n${text}\n`).sign(h.creds.wechat.platformPrivateKey, "base64");
    expect(await deliver({ headers: { ...good.headers, "wechatpay-signature": signature }, body: text })).toEqual(refused(401));
    expect((await refundsOf(r.paymentOrderId))[0]!.status).toBe("processing");
    expect(await cash(r.buyerId)).toBe(0);
    expect(await deliver(good)).toEqual(ok);
    expect(await cash(r.buyerId)).toBe(1_200);
  });

  it("acknowledges and applies nothing for a refund that is not ours or names another amount (the query settles those)", async () => {
    const r = await processingStoreRefund(2_000);
    wx().settleRefund(r.no, "ABNORMAL");
    expect(await deliver(wx().refundNotification(r.no, { out_refund_no: toWechatNo(randomUUID()) }))).toEqual(ok);
    expect(await deliver(wx().refundNotification(r.no, { amount: { total: 2_000, refund: 1_999, payer_total: 2_000, payer_refund: 1_999 } }))).toEqual(ok);
    expect((await refundsOf(r.paymentOrderId))[0]!.status).toBe("processing");
    await syncPayments(t.db, later(), h.providerFor);
    expect((await refundsOf(r.paymentOrderId))[0]!.status).toBe("failed");
    expect(await cash(r.buyerId)).toBe(2_000);
  });
});

describe("Alipay refund notifications", () => {
  it("a refund Alipay accepted but had not finished is settled by its trade notification naming our refund number, once; a flipped byte is refused", async () => {
    const buyer = await createBuyer(t.db, clock);
    const product = await createProduct(t.db, clock, { priceFen: 3_300 });
    const placed = await checkout(t.db, clock, { userId: buyer.id, lines: [{ productId: product.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "gateway", provider: "alipay" });
    const paymentOrderId = placed.paymentOrderId!;
    const start = await h.providers.alipay.startPayment(h.request("alipay", { id: paymentOrderId, amountFen: 3_300 }));
    if (start.kind === "redirect") await fetch(start.url); // Alipay's cashier opens the trade
    expect(await h.standIns.alipay.pay(paymentOrderId)).toEqual({ status: 200, body: "success" });
    h.standIns.alipay.decideRefunds(() => ({ ok: true, pending: true }));
    await t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId: placed.id, refundId: randomUUID(), amountFen: 1_000, note: "部分退款" }));
    await submitOpenRefunds(t.db, clock, h.providerFor, { orderId: placed.id });
    const [refund] = await refundsOf(paymentOrderId);
    expect(refund).toMatchObject({ status: "processing", amountFen: 1_000 });

    const params = h.standIns.alipay.refundNotificationFor(paymentOrderId, refund!.id);
    expect(params).toMatchObject({ trade_status: "TRADE_SUCCESS", out_biz_no: refund!.id, refund_fee: "10.00" });
    const send = (p: Record<string, string>) => h.standIns.alipay.sendNotification(h.notifyUrl("alipay"), p);
    expect(await send({ ...params, refund_fee: "10.01" })).toEqual({ status: 400, body: "fail" });
    expect((await refundsOf(paymentOrderId))[0]!.status).toBe("processing");
    expect(await send(params)).toEqual({ status: 200, body: "success" });
    expect((await refundsOf(paymentOrderId))[0]).toMatchObject({ status: "succeeded" });
    expect(await send(params)).toEqual({ status: 200, body: "success" });
    expect(await t.db.select().from(ledgerEntries).where(eq(ledgerEntries.refId, refund!.id))).toHaveLength(1);
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBe(0);
    expect(await cash(buyer.id)).toBe(0);
    // The capture is untouched by the refund's trade notification (the order stays paid, nothing credited twice).
    expect((await t.db.select().from(paymentOrders).where(eq(paymentOrders.id, paymentOrderId)))[0]!.status).toBe("paid");
  });
});

describe("refund of a held WeChat Pay payment", () => {
  /** A top-up of 50 yuan that WeChat Pay reports as 60 collected: held for review. */
  async function heldWechatTopup() {
    const user = await createUser(t.db);
    const o = await t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen: 5_000, provider: "wechatpay" }));
    await h.providers.wechatpay.startPayment(h.request("wechatpay", o));
    const trade = wx().trades.get(toWechatNo(o.id))!;
    trade.total = 6_000; // what WeChat Pay actually collected
    trade.state = "SUCCESS";
    expect(await deliver(wx().transactionNotification(trade.outTradeNo))).toEqual(ok);
    expect((await t.db.select().from(paymentOrders).where(eq(paymentOrders.id, o.id)))[0]).toMatchObject({ status: "review", reviewCode: "amount_mismatch" });
    return { userId: user.id, paymentOrderId: o.id, trade };
  }
  const decide = (paymentOrderId: string, actionId = randomUUID()) =>
    t.db.transaction((tx) => resolveHeldPayment(tx, clock, finance, { actionId, paymentOrderId, action: "refund", reason: "多收，原路退回" }, sandboxRefunds));

  it("WeChat Pay down during the decision: the decision commits with the refund recorded, nothing lost; a retry is the same refund; payments.sync completes it", async () => {
    const held = await heldWechatTopup();
    const refundsBefore = wx().requests.filter((r) => r === "POST /v3/refund/domestic/refunds").length;
    const actionId = randomUUID();
    const r = await decide(held.paymentOrderId, actionId);
    expect(r.decision).toMatchObject({ outcome: "refunded", amount: 6_000, currency: "CNY" });
    const [row] = await refundsOf(held.paymentOrderId);
    expect(row).toMatchObject({ kind: "held_payment", status: "pending", amountFen: 6_000, orderId: null, id: r.decision.refundReference });
    // Nothing was asked of WeChat Pay inside the transaction.
    expect(wx().requests.filter((q) => q === "POST /v3/refund/domestic/refunds").length).toBe(refundsBefore);
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBe(6_000);

    // After the commit the submit finds WeChat Pay unreachable: the refund stays pending.
    const down = wechatpayPaymentProvider({ ...h.configs.wechatpay!, baseUrl: `http://127.0.0.1:${await closedPort()}` });
    await submitOpenRefunds(t.db, clock, () => down, { paymentOrderId: held.paymentOrderId });
    expect((await refundsOf(held.paymentOrderId))[0]!.status).toBe("pending");

    // Finance clicks again (same dialog): the first decision, and the same refund.
    const again = await decide(held.paymentOrderId, actionId);
    expect(again).toMatchObject({ replayed: true, decision: { id: r.decision.id } });
    expect(await t.db.select().from(heldPaymentActions).where(eq(heldPaymentActions.paymentOrderId, held.paymentOrderId))).toHaveLength(1);

    // The job, a minute on, sends it with the same number; sent again, WeChat Pay answers the same refund.
    await syncPayments(t.db, later(), h.providerFor);
    expect((await refundsOf(held.paymentOrderId))[0]).toMatchObject({ status: "succeeded" });
    await submitOpenRefunds(t.db, clock, h.providerFor, { paymentOrderId: held.paymentOrderId });
    await h.providers.wechatpay.refund({ refundId: row!.id, paymentOrderId: held.paymentOrderId, providerTxnId: null, amountFen: 6_000, totalFen: 6_000, currency: "CNY", reason: "retry" });
    expect([...held.trade.refunds.keys()]).toEqual([toWechatNo(row!.id)]);
    expect(held.trade.refunds.get(toWechatNo(row!.id))!.amount).toBe(6_000);
    expect(await readPlatformBalance(t.db, "gateway_refunds", "cash")).toBe(0);
    expect(await cash(held.userId)).toBe(0);
  });

  it("a held payment's refund that WeChat Pay later reports ABNORMAL: tracked, the reported amount to the payer's cash, the payer told", async () => {
    const held = await heldWechatTopup();
    wx().decideRefunds(() => ({ status: "PROCESSING" }));
    await decide(held.paymentOrderId);
    await submitOpenRefunds(t.db, clock, h.providerFor, { paymentOrderId: held.paymentOrderId });
    const [row] = await refundsOf(held.paymentOrderId);
    expect(row).toMatchObject({ status: "processing" });
    expect(await wx().notifyRefund(toWechatNo(row!.id), "ABNORMAL")).toEqual(ok);
    expect((await refundsOf(held.paymentOrderId))[0]).toMatchObject({ status: "failed", failureReason: "退款异常 (ABNORMAL)" });
    expect(await cash(held.userId)).toBe(6_000);
    const [notice] = await noticesOf(held.userId);
    expect(notice!.payload).toMatchObject({ orderId: null, purpose: "topup", itemName: null, amountFen: 6_000 });
    expect(read(notice!.payload)).toEqual({
      "zh-CN": { title: "退款未能原路退回，已存入零钱", body: "充值退款 ¥60.00 未能原路退回，已存入你的零钱，可用于拼团、购物或提现。原因：退款异常 (ABNORMAL)", tone: "bad" },
      en: { title: "Refund couldn't go back to your payment: it's in your cash", body: "The ¥60.00 refund for your top-up couldn't be returned to the original payment, so it's in your cash balance, ready to join groups, shop or withdraw. Reason: 退款异常 (ABNORMAL)", tone: "bad" },
    });
    expect(moneyNoticeHref(REFUND_RETURNED_NOTICE, notice!.payload as MoneyNoticePayload)).toBe("/wallet");
  });
});

import { createSign, createVerify, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createDb } from "@/db/client";
import { gatewayEvents, gatewayRefunds, orders } from "@/db/schema";
import { readPlatformBalance } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { cancelOrder } from "@/server/domain/store/cancel-order";
import { refundOrder } from "@/server/domain/store/refund-order";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { submitOpenRefunds } from "@/server/domain/wallet/provider-refunds";
import { syncPayments } from "@/server/domain/wallet/sync-payments";
import { applyGatewayWebhook } from "@/server/domain/wallet/apply-gateway-webhook";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import { receivePaymentNotification } from "@/server/payments/receive-notification";
import { toWechatNo } from "@/server/payments/wechatpay-payments";
import { createUser } from "../helpers/factories";
import { checkout, createBuyer, createProduct } from "../store/fixtures";
import { providerSuite } from "./provider-harness";

/**
 * WeChat Pay v3 against its stand-in (spec §8, issue 18): H5 and JSAPI orders, notifications signed
 * over `timestamp\nnonce\nbody\n` by the key named in Wechatpay-Serial and encrypted with the APIv3
 * key (AEAD_AES_256_GCM), answered 204 after the commit and 4xx/5xx `{code, message}` otherwise;
 * the order query; refunds, including one left processing and settled later.
 */
const suite = providerSuite();
const { clock, finance, cash, order } = suite;

const wx = () => suite.h.standIns.wechatpay;

/** A top-up opened with WeChat Pay (H5): the stand-in now has the order. */
async function wechatTopup(amountFen = 6_600) {
  const user = await createUser(suite.t.db);
  const o = await suite.t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen, provider: "wechatpay" }));
  const start = await suite.h.providers.wechatpay.startPayment(suite.h.request("wechatpay", o));
  if (start.kind !== "redirect") throw new Error("expected a redirect");
  expect(start.url).toContain(`&redirect_url=${encodeURIComponent(`https://shop.example/pay/wechatpay/${o.id}?returned=1`)}`);
  return { userId: user.id, id: o.id, no: toWechatNo(o.id), amountFen };
}

const deliver = (n: { headers: Record<string, string>; body: string }) => wx().deliver(suite.h.notifyUrl("wechatpay"), n);
const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);
const refusedWith = (status: number) => ({ status, body: expect.stringMatching(/^\{"code":"FAIL","message":"[A-Z_]+"\}$/) as unknown });

describe("WeChat Pay payments", () => {
  it("credits a paid order once, answering 204 after the commit; the event under (wechatpay, transaction_id); a replay changes nothing", async () => {
    const o = await wechatTopup();
    expect(await wx().pay(o.no)).toEqual({ status: 204, body: "" });
    const trade = wx().trades.get(o.no)!;
    expect(await cash(o.userId)).toBe(6_600);
    expect(await order(o.id)).toMatchObject({ status: "paid", provider: "wechatpay", gatewayTxnId: trade.transactionId });
    const [ev] = await suite.t.db.select().from(gatewayEvents).where(eq(gatewayEvents.gatewayTxnId, trade.transactionId));
    expect(ev).toMatchObject({ provider: "wechatpay", outcome: "credited" });
    expect(JSON.parse(ev!.payload)).toMatchObject({ out_trade_no: o.no, trade_state: "SUCCESS" }); // the decrypted resource is kept
    expect(await deliver(wx().transactionNotification(o.no))).toEqual({ status: 204, body: "" });
    expect(await cash(o.userId)).toBe(6_600);
  });

  it("refuses a byte flipped in the body, signature or serial, a stale timestamp, and another merchant or app: nothing credited", async () => {
    const o = await wechatTopup(1_200);
    wx().trades.get(o.no)!.state = "SUCCESS";
    const good = wx().transactionNotification(o.no);
    const withHeader = (name: string, value: string) => ({ headers: { ...good.headers, [name]: value }, body: good.body });
    expect(await deliver({ headers: good.headers, body: good.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESs"') })).toEqual(refusedWith(401));
    expect(await deliver(withHeader("wechatpay-signature", flip(good.headers["wechatpay-signature"]!, 12)))).toEqual(refusedWith(401));
    expect(await deliver(withHeader("wechatpay-serial", flip(good.headers["wechatpay-serial"]!, 14)))).toEqual(refusedWith(401));
    expect(await deliver(withHeader("wechatpay-timestamp", String(Number(good.headers["wechatpay-timestamp"]) + 1)))).toEqual(refusedWith(401));
    const stale = wx().transactionNotification(o.no, {}, { at: Math.floor(Date.now() / 1000) - 301 });
    expect(await deliver(stale)).toEqual(refusedWith(401));
    expect(await deliver(wx().transactionNotification(o.no, { mchid: "1900009999" }))).toEqual(refusedWith(401));
    expect(await deliver(wx().transactionNotification(o.no, { appid: "wx0000000000009999" }))).toEqual(refusedWith(401));
    expect(await cash(o.userId)).toBe(0);
    expect(await suite.t.db.select().from(gatewayEvents).where(eq(gatewayEvents.paymentOrderId, o.id))).toHaveLength(0);
    expect(await deliver(good)).toEqual({ status: 204, body: "" });
    expect(await cash(o.userId)).toBe(1_200);
  });

  it("refuses a correctly signed notification whose ciphertext has a byte changed (the AES-GCM tag fails)", async () => {
    const o = await wechatTopup(900);
    wx().trades.get(o.no)!.state = "SUCCESS";
    const good = wx().transactionNotification(o.no);
    const body = JSON.parse(good.body) as { resource: { ciphertext: string } };
    body.resource.ciphertext = flip(body.resource.ciphertext, 8);
    // Signed afresh by the stand-in's platform key over the tampered body: only the decryption can tell.
    const signedTamper = wx().notification("TRANSACTION.SUCCESS", {});
    const tampered = { headers: resign(signedTamper.headers, JSON.stringify(body)), body: JSON.stringify(body) };
    expect(await deliver(tampered)).toEqual(refusedWith(401));
    expect(await cash(o.userId)).toBe(0);
  });

  it("credits once when 20 copies arrive at the same time, on 20 connections", async () => {
    const o = await wechatTopup(2_500);
    wx().trades.get(o.no)!.state = "SUCCESS";
    const n = wx().transactionNotification(o.no);
    const pool = createDb(suite.t.url, { max: 22 });
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => receivePaymentNotification(pool.db, clock, suite.h.providers.wechatpay, { rawBody: n.body, headers: new Headers(n.headers), verifiedAt: new Date() })));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    } finally {
      await pool.close();
    }
    expect(await cash(o.userId)).toBe(2_500);
  });

  it("applies a close after the payment as nothing, and a payment after a close as a credit", async () => {
    const o = await wechatTopup(800);
    wx().trades.get(o.no)!.state = "CLOSED";
    expect(await deliver(wx().transactionNotification(o.no))).toEqual({ status: 204, body: "" });
    expect(await order(o.id)).toMatchObject({ status: "failed" });
    expect(await wx().pay(o.no)).toEqual({ status: 204, body: "" });
    expect(await order(o.id)).toMatchObject({ status: "paid" });
    wx().trades.get(o.no)!.state = "CLOSED";
    expect(await deliver(wx().transactionNotification(o.no))).toEqual({ status: 204, body: "" });
    expect(await order(o.id)).toMatchObject({ status: "paid" });
    expect(await cash(o.userId)).toBe(800);
  });

  it("parks a currency or amount that differs from the order for review", async () => {
    const o = await wechatTopup(1_000);
    wx().trades.get(o.no)!.state = "SUCCESS";
    expect(await deliver(wx().transactionNotification(o.no, { amount: { total: 1_000, currency: "USD" } }))).toEqual({ status: 204, body: "" });
    expect(await order(o.id)).toMatchObject({ status: "review", reviewCode: "currency_mismatch" });
    expect(await cash(o.userId)).toBe(0);
  });

  it("asks WeChat Pay about an order whose notification never came (payments.sync)", async () => {
    const o = await wechatTopup(1_500);
    wx().trades.get(o.no)!.state = "SUCCESS";
    await syncPayments(suite.t.db, new FixedClock(new Date(clock.now().getTime() + 2 * 60_000)), suite.h.providerFor);
    expect(await order(o.id)).toMatchObject({ status: "paid", provider: "wechatpay" });
    expect(await cash(o.userId)).toBe(1_500);
  });

  it("opens a JSAPI order with the shopper's openid and signs the bridge's parameters with the merchant key", async () => {
    const user = await createUser(suite.t.db);
    const o = await suite.t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen: 100, provider: "wechatpay" }));
    const start = await suite.h.providers.wechatpay.startPayment({ ...suite.h.request("wechatpay", o), channel: "jsapi", openid: suite.h.creds.wechat.openid });
    if (start.kind !== "jsapi") throw new Error("expected JSAPI parameters");
    expect(start.params).toMatchObject({ appId: suite.h.creds.wechat.appId, signType: "RSA", package: expect.stringMatching(/^prepay_id=wx/) as unknown });
    const message = `${start.params.appId}\n${start.params.timeStamp}\n${start.params.nonceStr}\n${start.params.package}\n`;
    expect(createVerify("RSA-SHA256").update(message).verify(suite.h.creds.wechat.merchantPublicKey, start.params.paySign, "base64")).toBe(true);
    expect(wx().trades.get(toWechatNo(o.id))).toMatchObject({ tradeType: "JSAPI", openid: suite.h.creds.wechat.openid });
  });

  it("keeps the providers' transaction ids apart: the same id from the sandbox and WeChat Pay credits both orders", async () => {
    const o = await wechatTopup(300);
    const trade = wx().trades.get(o.no)!;
    const sandboxUser = await createUser(suite.t.db);
    const sandboxOrder = await suite.t.db.transaction((tx) => createTopup(tx, clock, { userId: sandboxUser.id, amountFen: 300 }));
    const secret = "sandbox-secret-0123456789abcdef0123456789";
    const rawBody = JSON.stringify({ type: "payment.captured", txnId: trade.transactionId, orderId: sandboxOrder.id, amountFen: 300, currency: "CNY" });
    await suite.t.db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret, rawBody, signatureHeader: signWebhook(secret, rawBody, Math.floor(clock.now().getTime() / 1000)) }));
    expect(await wx().pay(o.no)).toEqual({ status: 204, body: "" });
    expect(await cash(sandboxUser.id)).toBe(300);
    expect(await cash(o.userId)).toBe(300);
  });
});

describe("WeChat Pay refunds of store orders", () => {
  async function paidStoreOrder(priceFen: number) {
    const buyer = await createBuyer(suite.t.db, clock);
    const product = await createProduct(suite.t.db, clock, { priceFen });
    const placed = await checkout(suite.t.db, clock, { userId: buyer.id, lines: [{ productId: product.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "gateway", provider: "wechatpay" });
    await suite.h.providers.wechatpay.startPayment(suite.h.request("wechatpay", { id: placed.paymentOrderId!, amountFen: priceFen }));
    expect(await wx().pay(toWechatNo(placed.paymentOrderId!))).toEqual({ status: 204, body: "" });
    return { buyer, orderId: placed.id, paymentOrderId: placed.paymentOrderId! };
  }
  const refundRow = async (orderId: string) => (await suite.t.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.orderId, orderId)))[0]!;

  it("refunds through WeChat Pay: a refund left PROCESSING is settled by the job once WeChat Pay says SUCCESS", async () => {
    const { buyer, orderId } = await paidStoreOrder(4_000);
    wx().decideRefunds(() => ({ status: "PROCESSING" }));
    try {
      await suite.t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId, refundId: randomUUID(), amountFen: 4_000, note: "退货" }));
      await submitOpenRefunds(suite.t.db, clock, suite.h.providerFor, { orderId });
    } finally {
      wx().decideRefunds(() => ({ status: "SUCCESS" }));
    }
    const r = await refundRow(orderId);
    expect(r).toMatchObject({ status: "processing", providerRefundId: expect.stringMatching(/^5030/) as unknown });
    expect(await readPlatformBalance(suite.t.db, "gateway_refunds", "cash")).toBe(4_000);
    expect((await suite.t.db.select().from(orders).where(eq(orders.id, orderId)))[0]).toMatchObject({ status: "refunded" });

    wx().settleRefund(toWechatNo(r.id), "SUCCESS");
    const later = new FixedClock(new Date(clock.now().getTime() + 2 * 60_000));
    await syncPayments(suite.t.db, later, suite.h.providerFor);
    expect(await refundRow(orderId)).toMatchObject({ status: "succeeded" });
    expect(await readPlatformBalance(suite.t.db, "gateway_refunds", "cash")).toBe(0);
    expect(await cash(buyer.id)).toBe(0);
  });

  it("returns the money to the buyer's wallet when WeChat Pay refuses the refund (a signed 4xx) or reports it ABNORMAL", async () => {
    const refused = await paidStoreOrder(2_000);
    wx().decideRefunds(() => ({ error: { status: 403, code: "NOT_ENOUGH", message: "基本账户余额不足" } }));
    try {
      // The shopper cancels the paid order before it ships: the cash goes back the way it came.
      await suite.t.db.transaction((tx) => cancelOrder(tx, clock, { userId: refused.buyer.id, orderId: refused.orderId }));
      await submitOpenRefunds(suite.t.db, clock, suite.h.providerFor, { orderId: refused.orderId });
    } finally {
      wx().decideRefunds(() => ({ status: "SUCCESS" }));
    }
    expect(await refundRow(refused.orderId)).toMatchObject({ status: "failed", failureReason: "基本账户余额不足 (NOT_ENOUGH)" });
    expect(await cash(refused.buyer.id)).toBe(2_000);

    const abnormal = await paidStoreOrder(1_000);
    wx().decideRefunds(() => ({ status: "ABNORMAL" }));
    try {
      await suite.t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId: abnormal.orderId, refundId: randomUUID(), amountFen: 600, note: "部分退款" }));
      await submitOpenRefunds(suite.t.db, clock, suite.h.providerFor, { orderId: abnormal.orderId });
    } finally {
      wx().decideRefunds(() => ({ status: "SUCCESS" }));
    }
    expect(await refundRow(abnormal.orderId)).toMatchObject({ status: "failed", amountFen: 600 });
    expect(await cash(abnormal.buyer.id)).toBe(600);
    expect(await readPlatformBalance(suite.t.db, "gateway_refunds", "cash")).toBe(0);
  });
});

/** The stand-in's platform key signing `body` afresh, as a forger holding that key could. */
function resign(headers: Record<string, string>, body: string): Record<string, string> {
  const signature = createSign("RSA-SHA256").update(`${headers["wechatpay-timestamp"]}\n${headers["wechatpay-nonce"]}\n${body}\n`).sign(suite.h.creds.wechat.platformPrivateKey, "base64");
  return { ...headers, "wechatpay-signature": signature };
}

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createDb } from "@/db/client";
import { entries, gatewayEvents, gatewayRefunds, orders } from "@/db/schema";
import { readPlatformBalance } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { refundOrder } from "@/server/domain/store/refund-order";
import { createGatewayJoin } from "@/server/domain/groups/gateway-join";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { submitOpenRefunds } from "@/server/domain/wallet/provider-refunds";
import { syncPayments } from "@/server/domain/wallet/sync-payments";
import { receivePaymentNotification } from "@/server/payments/receive-notification";
import { createUser } from "../helpers/factories";
import { bareConfig, groupFixtures } from "../helpers/group-fixtures";
import { checkout, createBuyer, createProduct } from "../store/fixtures";
import { providerSuite } from "./provider-harness";

/**
 * Alipay against its stand-in (spec §8, issue 18): the wap.pay link, the asynchronous notification
 * over HTTP (RSA2 over the sorted parameters without sign and sign_type, app and seller checked,
 * `success` only after the commit), the order query for a notification that never comes, refunds.
 */
const suite = providerSuite();
const { clock, finance, cash, order } = suite;


/** A top-up opened with Alipay and its cashier visited (the stand-in now has the trade). */
async function alipayTopup(amountFen = 8_888) {
  const user = await createUser(suite.t.db);
  const o = await suite.t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen, provider: "alipay" }));
  const start = await suite.h.providers.alipay.startPayment(suite.h.request("alipay", o));
  if (start.kind !== "redirect") throw new Error("expected a redirect");
  expect(await (await fetch(start.url)).text()).toContain("确认付款");
  return { userId: user.id, id: o.id, amountFen };
}

/** The form body Alipay would POST, and our answer to it. */
const post = (params: Record<string, string>) => suite.h.standIns.alipay.sendNotification(suite.h.notifyUrl("alipay"), params);
const flip = (s: string, at = 10) => s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);

describe("Alipay payments", () => {
  it("credits a paid trade once: `success` after the commit, the event under (alipay, trade_no); a replay changes nothing", async () => {
    const o = await alipayTopup();
    const answer = await suite.h.standIns.alipay.pay(o.id);
    expect(answer).toEqual({ status: 200, body: "success" });
    expect(await cash(o.userId)).toBe(8_888);
    const trade = suite.h.standIns.alipay.trades.get(o.id)!;
    expect(await order(o.id)).toMatchObject({ status: "paid", provider: "alipay", gatewayTxnId: trade.tradeNo });
    const [ev] = await suite.t.db.select().from(gatewayEvents).where(eq(gatewayEvents.gatewayTxnId, trade.tradeNo));
    expect(ev).toMatchObject({ provider: "alipay", eventType: "payment.captured", outcome: "credited", amountFen: 8_888 });

    // Alipay delivers again (it does, until it reads `success`), and TRADE_FINISHED later: still one credit.
    expect(await post(suite.h.standIns.alipay.notificationFor(trade))).toEqual({ status: 200, body: "success" });
    expect(await post(suite.h.standIns.alipay.notificationFor(trade, { trade_status: "TRADE_FINISHED" }))).toEqual({ status: 200, body: "success" });
    expect(await cash(o.userId)).toBe(8_888);
  });

  it("refuses a notification with a byte changed in a value or in the signature, or for another app or seller: nothing credited, Alipay told `fail`", async () => {
    const o = await alipayTopup(1_000);
    const trade = suite.h.standIns.alipay.trades.get(o.id)!;
    trade.status = "TRADE_SUCCESS";
    const good = suite.h.standIns.alipay.notificationFor(trade);
    const refused = [
      { ...good, total_amount: "10.01" }, // the body changed after signing
      { ...good, trade_no: flip(good.trade_no!, 5) },
      { ...good, sign: flip(good.sign!) },
      { ...good, sign: "" },
      suite.h.standIns.alipay.notificationFor(trade, { app_id: "2021000000009999" }), // correctly signed, another app
      suite.h.standIns.alipay.notificationFor(trade, { seller_id: "2088000000009999" }), // another seller
    ];
    for (const params of refused) expect(await post(params)).toEqual({ status: 400, body: "fail" });
    expect(await cash(o.userId)).toBe(0);
    expect(await suite.t.db.select().from(gatewayEvents).where(eq(gatewayEvents.paymentOrderId, o.id))).toHaveLength(0);
    expect(await post(good)).toEqual({ status: 200, body: "success" });
    expect(await cash(o.userId)).toBe(1_000);
  });

  it("credits once when 20 copies arrive at the same time, on 20 connections", async () => {
    const o = await alipayTopup(2_000);
    const trade = suite.h.standIns.alipay.trades.get(o.id)!;
    trade.status = "TRADE_SUCCESS";
    const params = suite.h.standIns.alipay.notificationFor(trade);
    const pool = createDb(suite.t.url, { max: 22 });
    try {
      const provider = suite.h.providers.alipay;
      const body = new URLSearchParams(params).toString();
      const answers = await Promise.all(Array.from({ length: 20 }, () => receivePaymentNotification(pool.db, clock, provider, { rawBody: body, headers: new Headers(), verifiedAt: new Date() })));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    } finally {
      await pool.close();
    }
    expect(await cash(o.userId)).toBe(2_000);
    const [ev] = await suite.t.db.select().from(gatewayEvents).where(eq(gatewayEvents.paymentOrderId, o.id));
    expect(ev?.outcome).toBe("credited");
  });

  it("applies notifications out of order: a close after the payment changes nothing; a payment after a close is credited", async () => {
    const paidFirst = await alipayTopup(300);
    await suite.h.standIns.alipay.pay(paidFirst.id);
    const t1 = suite.h.standIns.alipay.trades.get(paidFirst.id)!;
    expect(await post(suite.h.standIns.alipay.notificationFor(t1, { trade_status: "TRADE_CLOSED" }))).toEqual({ status: 200, body: "success" });
    expect(await order(paidFirst.id)).toMatchObject({ status: "paid" });

    const closedFirst = await alipayTopup(400);
    const t2 = suite.h.standIns.alipay.trades.get(closedFirst.id)!;
    expect(await post(suite.h.standIns.alipay.notificationFor({ ...t2, status: "TRADE_CLOSED" }))).toEqual({ status: 200, body: "success" });
    expect(await order(closedFirst.id)).toMatchObject({ status: "failed" });
    await suite.h.standIns.alipay.pay(closedFirst.id);
    expect(await order(closedFirst.id)).toMatchObject({ status: "paid" });
    expect(await cash(closedFirst.userId)).toBe(400);
    // WAIT_BUYER_PAY is acknowledged and applies nothing.
    const waiting = await alipayTopup(500);
    expect(await post(suite.h.standIns.alipay.notificationFor(suite.h.standIns.alipay.trades.get(waiting.id)!))).toEqual({ status: 200, body: "success" });
    expect(await order(waiting.id)).toMatchObject({ status: "pending" });
  });

  it("parks a paid amount that differs from the order for review, crediting nothing", async () => {
    const o = await alipayTopup(5_000);
    expect(await suite.h.standIns.alipay.pay(o.id, { total_amount: "49.99" })).toEqual({ status: 200, body: "success" });
    expect(await order(o.id)).toMatchObject({ status: "review", reviewCode: "amount_mismatch", reviewParams: { reportedAmount: 4_999, reportedCurrency: "CNY" } });
    expect(await cash(o.userId)).toBe(0);
  });

  it("asks Alipay about a payment whose notification never came (payments.sync) and credits it once", async () => {
    const o = await alipayTopup(700);
    suite.h.standIns.alipay.trades.get(o.id)!.status = "TRADE_SUCCESS"; // paid, but the notification is lost
    const later = new FixedClock(new Date(clock.now().getTime() + 2 * 60_000));
    expect(await syncPayments(suite.t.db, later, suite.h.providerFor)).toBeGreaterThanOrEqual(1);
    expect(await order(o.id)).toMatchObject({ status: "paid", provider: "alipay" });
    expect(await cash(o.userId)).toBe(700);
    // The notification arriving afterwards is a duplicate of the same trade.
    expect(await post(suite.h.standIns.alipay.notificationFor(suite.h.standIns.alipay.trades.get(o.id)!))).toEqual({ status: 200, body: "success" });
    expect(await cash(o.userId)).toBe(700);
  });

  it("takes the seat of a join paid through Alipay in the crediting transaction", async () => {
    const f = groupFixtures(suite.t.db, clock);
    const a = await f.makeActivity({ priceFen: 1_999, groupSize: 3, winners: 1, config: bareConfig() });
    const [shopper] = await f.makeShoppers(1);
    const entryId = randomUUID();
    const j = await suite.t.db.transaction((tx) => createGatewayJoin(tx, clock, { userId: shopper!, activityId: a.id, itemId: a.itemId, entryId, provider: "alipay" }));
    expect(j.provider).toBe("alipay");
    await suite.h.providers.alipay.startPayment(suite.h.request("alipay", { id: j.paymentOrderId, amountFen: j.amountFen })).then((s) => (s.kind === "redirect" ? fetch(s.url) : null));
    expect(await suite.h.standIns.alipay.pay(j.paymentOrderId)).toEqual({ status: 200, body: "success" });
    expect(await suite.t.db.select().from(entries).where(eq(entries.id, entryId))).toHaveLength(1);
    expect(await cash(shopper!)).toBe(0);
  });
});

describe("Alipay refunds of store orders", () => {
  async function paidStoreOrder(priceFen: number) {
    const buyer = await createBuyer(suite.t.db, clock);
    const product = await createProduct(suite.t.db, clock, { priceFen });
    const placed = await checkout(suite.t.db, clock, { userId: buyer.id, lines: [{ productId: product.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "gateway", provider: "alipay" });
    expect(placed).toMatchObject({ status: "pending_payment", paymentProvider: "alipay" });
    const start = await suite.h.providers.alipay.startPayment(suite.h.request("alipay", { id: placed.paymentOrderId!, amountFen: priceFen }));
    if (start.kind === "redirect") await fetch(start.url);
    expect(await suite.h.standIns.alipay.pay(placed.paymentOrderId!)).toEqual({ status: 200, body: "success" });
    expect((await suite.t.db.select().from(orders).where(eq(orders.id, placed.id)))[0]).toMatchObject({ status: "paid" });
    return { buyer, orderId: placed.id, paymentOrderId: placed.paymentOrderId! };
  }
  const refund = (orderId: string, amountFen: number, refundId = randomUUID()) => suite.t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId, refundId, amountFen, note: "退货" }));

  it("sends the cash back through alipay.trade.refund: held in gateway_refunds, then out through the gateway once Alipay confirms", async () => {
    const { buyer, orderId, paymentOrderId } = await paidStoreOrder(12_000);
    const clearingBefore = await readPlatformBalance(suite.t.db, "gateway_clearing", "cash");
    const out = await refund(orderId, 5_000);
    expect(out.providerRefund).toMatchObject({ provider: "alipay" });
    expect(await readPlatformBalance(suite.t.db, "gateway_refunds", "cash")).toBe(5_000);
    await submitOpenRefunds(suite.t.db, clock, suite.h.providerFor, { orderId });
    const [r] = await suite.t.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.orderId, orderId));
    expect(r).toMatchObject({ status: "succeeded", provider: "alipay", amountFen: 5_000, paymentOrderId });
    expect(suite.h.standIns.alipay.trades.get(paymentOrderId)!.refunded.get(r!.id)).toBe("50.00");
    expect(await readPlatformBalance(suite.t.db, "gateway_refunds", "cash")).toBe(0);
    expect((await readPlatformBalance(suite.t.db, "gateway_clearing", "cash")) - clearingBefore).toBe(5_000);
    expect(await cash(buyer.id)).toBe(0); // it went back to Alipay, not to the wallet
    // Submitting again (a retry, the job) is the same refund: nothing moves twice.
    await submitOpenRefunds(suite.t.db, clock, suite.h.providerFor, { orderId });
    expect(suite.h.standIns.alipay.trades.get(paymentOrderId)!.refunded.size).toBe(1);
  });

  it("puts the money in the buyer's wallet, with Alipay's reason, when Alipay refuses the refund", async () => {
    const { buyer, orderId } = await paidStoreOrder(3_000);
    suite.h.standIns.alipay.decideRefunds(() => ({ ok: false, subCode: "ACQ.SELLER_BALANCE_NOT_ENOUGH", subMsg: "卖家余额不足" }));
    try {
      await refund(orderId, 3_000);
      await submitOpenRefunds(suite.t.db, clock, suite.h.providerFor, { orderId });
    } finally {
      suite.h.standIns.alipay.decideRefunds(() => ({ ok: true }));
    }
    const [r] = await suite.t.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.orderId, orderId));
    expect(r).toMatchObject({ status: "failed", failureReason: "卖家余额不足" });
    expect(await cash(buyer.id)).toBe(3_000);
    expect(await readPlatformBalance(suite.t.db, "gateway_refunds", "cash")).toBe(0);
  });
});

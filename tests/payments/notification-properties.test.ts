import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { gatewayEvents, paymentOrders, type PaymentProviderName } from "@/db/schema";
import { checkLedgerInvariants, readUserBalances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { applyGatewayWebhook } from "@/server/domain/wallet/apply-gateway-webhook";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import { toWechatNo } from "@/server/payments/wechatpay-payments";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { startProviderHarness, type ProviderHarness } from "./provider-harness";

/**
 * Properties of payment notifications (spec §8), whatever the providers send and however they send
 * it: for any set of top-ups through the sandbox's webhook and Alipay's and WeChat Pay's stand-ins,
 * each reported as paid by several copies (byte-identical replays and fresh deliveries the provider
 * signed again), some also reported closed, all of it shuffled and delivered in concurrent batches
 * over real connections, every provider transaction credits its order exactly once, every delivery is
 * acknowledged, and the ledger invariants hold. Runs are few and small: the machine is shared.
 */
let t: TestDb;
let h: ProviderHarness;
const clock = new FixedClock("2026-11-25T12:00:00Z");
const SECRET = "whsec_property_0123456789abcdef0123456789";

beforeAll(async () => {
  t = await createTestDb({ max: 8 });
  h = await startProviderHarness(t.db, clock);
});
afterAll(async () => {
  await h.close();
  await t.drop();
});

/** One delivery: sends its bytes, says whether the receiver acknowledged it (the provider stops sending). */
type Delivery = () => Promise<boolean>;

interface Payment {
  provider: PaymentProviderName;
  userId: string;
  orderId: string;
  amountFen: number;
  txnId: string;
  /** A byte-identical copy of the first capture notification each time it is called, or a freshly signed one. */
  capture: (fresh: boolean) => Delivery;
  close: () => Delivery;
}

const sandboxTimestamp = () => Math.floor(clock.now().getTime() / 1000);

/** A top-up opened with `provider` and paid there; its notifications built as the provider builds them. */
async function openPayment(provider: PaymentProviderName, amountFen: number): Promise<Payment> {
  const user = await createUser(t.db);
  const o = await t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen, provider }));
  const base = { provider, userId: user.id, orderId: o.id, amountFen };
  if (provider === "sandbox") {
    const txnId = `txn_${randomUUID()}`;
    const send = (type: string, rawBody = JSON.stringify({ type, txnId, orderId: o.id, amountFen, currency: "CNY" }), header = signWebhook(SECRET, rawBody, sandboxTimestamp())): Delivery => async () => {
      await t.db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SECRET, rawBody, signatureHeader: header }));
      return true;
    };
    const first = JSON.stringify({ type: "payment.captured", txnId, orderId: o.id, amountFen, currency: "CNY" });
    const firstHeader = signWebhook(SECRET, first, sandboxTimestamp());
    return { ...base, txnId, capture: (fresh) => (fresh ? send("payment.captured") : send("payment.captured", first, firstHeader)), close: () => send("payment.failed") };
  }
  const start = await h.providers[provider].startPayment(h.request(provider, o));
  if (provider === "alipay") {
    // wap.pay is a page the shopper's browser opens: Alipay knows the trade once it is shown.
    if (start.kind !== "redirect") throw new Error("expected Alipay's cashier");
    await (await fetch(start.url)).text();
    const a = h.standIns.alipay;
    const trade = a.trades.get(o.id)!;
    const url = h.notifyUrl("alipay");
    const deliver = (params: Record<string, string>): Delivery => async () => (await a.sendNotification(url, params)).body === "success";
    trade.status = "TRADE_CLOSED";
    const closed = a.notificationFor(trade);
    trade.status = "TRADE_SUCCESS";
    const first = a.notificationFor(trade);
    return { ...base, txnId: trade.tradeNo, capture: (fresh) => deliver(fresh ? a.notificationFor(trade) : first), close: () => deliver(closed) };
  }
  const w = h.standIns.wechatpay;
  const no = toWechatNo(o.id);
  const trade = w.trades.get(no)!;
  const url = h.notifyUrl("wechatpay");
  const deliver = (n: { headers: Record<string, string>; body: string }): Delivery => async () => (await w.deliver(url, n)).status === 204;
  trade.state = "CLOSED";
  const closed = w.transactionNotification(no);
  trade.state = "SUCCESS";
  const first = w.transactionNotification(no);
  return { ...base, txnId: trade.transactionId, capture: (fresh) => deliver(fresh ? w.transactionNotification(no) : first), close: () => deliver(closed) };
}

const PaymentPlan = fc.record({
  provider: fc.constantFrom<PaymentProviderName>("sandbox", "alipay", "wechatpay"),
  amountFen: fc.integer({ min: 100, max: 50_000 }),
  // Each capture copy: a byte-identical replay (false) or a fresh delivery signed again (true).
  captures: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
  closes: fc.integer({ min: 0, max: 2 }),
});

const Scenario = fc.record({
  payments: fc.array(PaymentPlan, { minLength: 1, maxLength: 3 }),
  // Sort keys shuffle the deliveries; batch sizes cut them into groups sent at once.
  order: fc.array(fc.integer(), { minLength: 20, maxLength: 20 }),
  batches: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 20, maxLength: 20 }),
});

describe("payment notifications (property)", () => {
  it("credit each provider transaction exactly once, whatever the duplicates, order and concurrency", async () => {
    await fc.assert(
      fc.asyncProperty(Scenario, async (s) => {
        const payments = await Promise.all(s.payments.map((p) => openPayment(p.provider, p.amountFen)));
        const deliveries = s.payments.flatMap((plan, i) => {
          const p = payments[i]!;
          return [...plan.captures.map((fresh) => p.capture(fresh)), ...Array.from({ length: plan.closes }, () => p.close())];
        });
        const shuffled = deliveries.map((d, i) => ({ d, key: s.order[i % s.order.length]! * 64 + i })).sort((a, b) => a.key - b.key).map((x) => x.d);
        let at = 0;
        for (const size of s.batches) {
          if (at >= shuffled.length) break;
          const batch = shuffled.slice(at, at + size);
          at += size;
          expect(await Promise.all(batch.map((d) => d()))).toEqual(batch.map(() => true));
        }
        expect(at).toBeGreaterThanOrEqual(shuffled.length);

        for (const p of payments) {
          expect((await readUserBalances(t.db, p.userId)).cash).toBe(p.amountFen);
          const [order] = await t.db.select({ status: paymentOrders.status, txn: paymentOrders.gatewayTxnId }).from(paymentOrders).where(eq(paymentOrders.id, p.orderId));
          expect(order).toEqual({ status: "paid", txn: p.txnId });
          const captures = await t.db
            .select({ n: sql<number>`count(*)::int` })
            .from(gatewayEvents)
            .where(and(eq(gatewayEvents.provider, p.provider), eq(gatewayEvents.gatewayTxnId, p.txnId), eq(gatewayEvents.eventType, "payment.captured")));
          expect(captures[0]!.n).toBe(1);
          const credits = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ledger_entries WHERE ref_id = ${p.orderId} AND reason = 'topup'`);
          expect(credits[0]!.n).toBe(1);
        }
        expect(await checkLedgerInvariants(t.db)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});

import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { heldPaymentActions, paymentOrders, type HeldPaymentAction, type HeldPaymentOutcome, type PaymentProviderName, type ReviewParams } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import { joinFromCapture } from "../groups/gateway-join";
import { type JoinResult } from "../groups/join-activity";
import { lockJoiningUsers } from "../shared/seat-locks";
import { postTransfers } from "../ledger";
import type { Clock } from "../shared/clock";
import { cleanTextOrNull } from "../shared/clean-text";
import { DomainError } from "../shared/errors";
import { payOrderFromCapture } from "../store/pay-order-from-capture";
import { uuidFromKey } from "../shared/uuid-from-key";
import type { GatewayRefunds } from "./gateway-refunds";
import { openProviderRefund } from "./provider-refunds";

export const HELD_PAYMENT_REASON_MIN = 2;
export const HELD_PAYMENT_REASON_MAX = 200;

export type HeldPaymentDecision = typeof heldPaymentActions.$inferSelect;

type HeldOrder = { id: string; user_id: string; provider: PaymentProviderName; purpose: string; amount_fen: string; currency: string; status: string; gateway_txn_id: string | null; review_code: string | null; review_params: ReviewParams | null };

/**
 * Finance's decision on a payment held for review (spec §8: a mismatched notification is never credited
 * on its own), one transaction:
 * - `credit`: treat it as paid at the order's amount: `gateway_clearing → user` cash with the key a
 *   matching capture would have used (`topup:<order>`, so the money can never arrive twice), then the
 *   order's intent as the capture would have carried it out: a top-up stays as cash, a store order is
 *   paid, a gateway join takes its seat; an intent no longer possible leaves the money as cash and says so.
 * - `refund`: what the gateway reported goes back to the payer the way it came. The sandbox's refund is
 *   recorded at once (`sandboxRefunds`; in yuan the ledger shows it passing through,
 *   `gateway_clearing → held_payments → gateway_clearing`). Alipay's and WeChat Pay's are another
 *   company's servers, never called inside this transaction: the refund is recorded as a provider
 *   refund (`gateway_refunds` row, `gateway_clearing → held_payments → gateway_refunds` in yuan) and the
 *   caller submits it after the commit (`submitOpenRefunds`; `payments.sync` if that answer is lost).
 *   It then settles as a store refund does: out through the provider, or, refused or ABNORMAL, to the
 *   payer's cash with the provider's reason and a notice.
 * - `dismiss`: nothing moves (e.g. a report of no money at all).
 * Each needs a reason and writes the decision row and an audit row. The order row is locked first: a
 * double click (same `actionId`) waits, then replays the first decision; another finance user's decision
 * on the same payment waits, then is refused (PAYMENT_ALREADY_RESOLVED).
 */
export async function resolveHeldPayment(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  input: { actionId: string; paymentOrderId: string; action: HeldPaymentAction; reason: string },
  sandboxRefunds: GatewayRefunds,
): Promise<{ decision: HeldPaymentDecision; replayed: boolean; join?: JoinResult & { activityId: string } }> {
  const reason = cleanTextOrNull(input.reason, { min: HELD_PAYMENT_REASON_MIN, max: HELD_PAYMENT_REASON_MAX });
  if (!reason) throw new DomainError("PAYMENT_REVIEW_REASON_REQUIRED", { min: HELD_PAYMENT_REASON_MIN, max: HELD_PAYMENT_REASON_MAX });

  const [order] = await tx.execute<HeldOrder>(
    sql`SELECT id, user_id, provider, purpose, amount_fen, currency, status, gateway_txn_id, review_code, review_params FROM payment_orders WHERE id = ${input.paymentOrderId} FOR UPDATE`,
  );
  if (!order) throw new DomainError("NOT_FOUND");
  // Read under the lock: a duplicate that waited on it finds the first decision committed.
  const [prior] = await tx.select().from(heldPaymentActions).where(eq(heldPaymentActions.id, input.actionId));
  if (prior) {
    if (prior.paymentOrderId !== order.id || prior.action !== input.action) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.actionId });
    return { decision: prior, replayed: true };
  }
  if (order.status !== "review") throw new DomainError("PAYMENT_ALREADY_RESOLVED");

  const ref = { type: "payment_order", id: order.id };
  const orderFen = Number(order.amount_fen);
  let outcome: HeldPaymentOutcome;
  let amount = 0;
  let currency = order.currency;
  let refundReference: string | null = null;
  let join: (JoinResult & { activityId: string }) | undefined;
  const now = clock.now();

  if (input.action === "credit") {
    // A gateway join takes its shopper's join lock before the cash moves, as the capture does.
    if (order.purpose === "group_join") await lockJoiningUsers(tx, [order.user_id]);
    await postTransfers(tx, clock, [{ key: `topup:${order.id}`, asset: "cash", from: { platform: "gateway_clearing" }, to: { userId: order.user_id }, amount: orderFen, reason: "topup", ref }]);
    await tx.update(paymentOrders).set({ status: "paid", paidAt: now }).where(eq(paymentOrders.id, order.id));
    amount = orderFen;
    outcome = "topup_credited";
    if (order.purpose === "store_order") outcome = (await payOrderFromCapture(tx, clock, order.id)) === "paid" ? "order_paid" : "kept_as_cash";
    if (order.purpose === "group_join") {
      const seated = await joinFromCapture(tx, clock, order.id);
      outcome = seated ? "seat_taken" : "kept_as_cash";
      if (seated) join = seated;
    }
  } else if (input.action === "refund") {
    const reported = order.review_params ?? {};
    amount = reported.reportedAmount ?? 0;
    currency = reported.reportedCurrency ?? order.currency;
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new DomainError("PAYMENT_NOTHING_TO_REFUND");
    const viaProvider = order.provider !== "sandbox";
    // The provider's refund number is ours, derived from the payment (every retry is the same refund); the sandbox makes one up the same way.
    refundReference = viaProvider
      ? uuidFromKey(`held-payment:${order.id}:refund`)
      : (await sandboxRefunds.refund({ key: `held-payment:${order.id}:refund`, provider: order.provider, paymentOrderId: order.id, gatewayTxnId: order.gateway_txn_id, amount, currency })).reference;
    // The ledger keeps yuan only: a refund in another currency is on the decision row (and the refund row) alone.
    if (currency === "CNY") {
      await postTransfers(tx, clock, [
        { key: `held-payment:${order.id}:received`, asset: "cash", from: { platform: "gateway_clearing" }, to: { platform: "held_payments" }, amount, reason: "held_payment.received", ref },
        viaProvider
          ? { key: `held-payment:${order.id}:refunding`, asset: "cash", from: { platform: "held_payments" }, to: { platform: "gateway_refunds" }, amount, reason: "held_payment.refunding", ref }
          : { key: `held-payment:${order.id}:refunded`, asset: "cash", from: { platform: "held_payments" }, to: { platform: "gateway_clearing" }, amount, reason: "held_payment.refunded", ref },
      ]);
    }
    if (viaProvider) await openProviderRefund(tx, clock, { kind: "held_payment", id: refundReference, provider: order.provider, paymentOrderId: order.id, userId: order.user_id, amountFen: amount, currency });
    await tx.update(paymentOrders).set({ status: "refunded" }).where(eq(paymentOrders.id, order.id));
    outcome = "refunded";
  } else {
    await tx.update(paymentOrders).set({ status: "dismissed" }).where(eq(paymentOrders.id, order.id));
    outcome = "dismissed";
  }

  const [decision] = await tx
    .insert(heldPaymentActions)
    .values({ id: input.actionId, paymentOrderId: order.id, action: input.action, outcome, reason, amount, currency, refundReference, actorId: actor.id, createdAt: now })
    .returning();
  if (!decision) throw new DomainError("INTERNAL");
  await recordAudit(tx, clock, actor, {
    action: `payment.${input.action}`,
    targetType: "payment_order",
    targetId: order.id,
    before: { status: "review", reviewCode: order.review_code, reviewParams: order.review_params, amountFen: orderFen, currency: order.currency },
    after: { status: input.action === "credit" ? "paid" : input.action === "refund" ? "refunded" : "dismissed", outcome, amount, currency, refundReference, reason, actionId: decision.id },
  });
  return { decision, replayed: false, ...(join ? { join } : {}) };
}

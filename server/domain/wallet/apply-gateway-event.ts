import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { gatewayEvents, paymentOrders, type PaymentProviderName } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { postTransfers } from "../ledger";
import { payOrderFromCapture } from "../store/pay-order-from-capture";
import { joinFromCapture } from "../groups/gateway-join";
import { lockJoiningUsers } from "../shared/seat-locks";
import type { JoinResult } from "../groups/join-activity";

/** A provider's notification in the one shape the domain applies (each provider's adapter makes it). */
export const GatewayEventSchema = z.object({
  type: z.enum(["payment.captured", "payment.failed"]),
  txnId: z.string().min(1).max(100),
  orderId: z.string().uuid(),
  amountFen: z.number().int(),
  currency: z.string().min(3).max(3),
});
export type GatewayEvent = z.infer<typeof GatewayEventSchema>;

export type WebhookOutcome = "credited" | "duplicate" | "review" | "failed" | "ignored" | "unknown_order";
export type GatewayEventResult = { outcome: WebhookOutcome; orderId?: string; join?: JoinResult & { activityId: string } };

/**
 * Applies one verified notification (spec §8), whichever provider sent it. The event row, unique per
 * (provider, its transaction id, event type), is the replay guard: a concurrent duplicate waits on it
 * and then does nothing. A capture that follows a failure of the same order is still applied. The
 * payment order is locked, so a second transaction id for an already-paid order credits nothing
 * either. An amount or currency that differs from the order is parked for operator review, never
 * credited. The capture credits the cash and carries out the order's intent (store order paid, seat
 * taken) in this same transaction; the order records which provider holds the money.
 */
export async function applyGatewayEvent(tx: DbOrTx, clock: Clock, provider: PaymentProviderName, event: GatewayEvent, payload: string): Promise<GatewayEventResult> {
  const fresh = await tx
    .insert(gatewayEvents)
    .values({ provider, gatewayTxnId: event.txnId, paymentOrderId: event.orderId, eventType: event.type, amountFen: event.amountFen, currency: event.currency, outcome: "processing", payload, receivedAt: clock.now() })
    .onConflictDoNothing()
    .returning({ id: gatewayEvents.gatewayTxnId });
  if (fresh.length === 0) return { outcome: "duplicate", orderId: event.orderId };

  const { outcome, join } = await applyToOrder(tx, clock, provider, event);
  await tx
    .update(gatewayEvents)
    .set({ outcome })
    .where(and(eq(gatewayEvents.provider, provider), eq(gatewayEvents.gatewayTxnId, event.txnId), eq(gatewayEvents.eventType, event.type)));
  return { outcome, orderId: event.orderId, ...(join ? { join } : {}) };
}

async function applyToOrder(tx: DbOrTx, clock: Clock, provider: PaymentProviderName, event: GatewayEvent): Promise<{ outcome: WebhookOutcome; join?: JoinResult & { activityId: string } }> {
  const [order] = await tx.execute<{ id: string; user_id: string; amount_fen: string; currency: string; status: string; purpose: string }>(
    sql`SELECT id, user_id, amount_fen, currency, status, purpose FROM payment_orders WHERE id = ${event.orderId} FOR UPDATE`,
  );
  if (!order) return { outcome: "unknown_order" };
  if (event.type === "payment.failed") {
    // Out of order: a failure reported after a capture (or a review) changes nothing.
    if (order.status !== "pending") return { outcome: "ignored" };
    await tx.update(paymentOrders).set({ status: "failed" }).where(eq(paymentOrders.id, order.id));
    return { outcome: "failed" };
  }
  // A capture after an earlier failure still means the gateway holds the money: apply it.
  if (order.status !== "pending" && order.status !== "failed") return { outcome: "duplicate" };
  if (Number(order.amount_fen) !== event.amountFen || order.currency !== event.currency) {
    await tx
      .update(paymentOrders)
      .set({
        status: "review",
        provider,
        gatewayTxnId: event.txnId,
        // A code and the reported figures, put into words in the reader's language by the console.
        reviewCode: order.currency !== event.currency ? "currency_mismatch" : "amount_mismatch",
        reviewParams: { reportedAmount: event.amountFen, reportedCurrency: event.currency },
      })
      .where(eq(paymentOrders.id, order.id));
    return { outcome: "review" };
  }
  // A join through the gateway takes its shopper's join lock before the cash moves (lockJoiningUsers).
  if (order.purpose === "group_join") await lockJoiningUsers(tx, [order.user_id]);
  await postTransfers(tx, clock, [
    { key: `topup:${order.id}`, asset: "cash", from: { platform: "gateway_clearing" }, to: { userId: order.user_id }, amount: event.amountFen, reason: "topup", ref: { type: "payment_order", id: order.id } },
  ]);
  await tx.update(paymentOrders).set({ status: "paid", provider, gatewayTxnId: event.txnId, paidAt: clock.now() }).where(eq(paymentOrders.id, order.id));
  // A store checkout through the gateway: the captured cash pays the pending order at once.
  if (order.purpose === "store_order") await payOrderFromCapture(tx, clock, order.id);
  // A join through the gateway: the seat is taken now, paid from the captured cash.
  if (order.purpose === "group_join") {
    const joined = await joinFromCapture(tx, clock, order.id);
    if (joined) return { outcome: "credited", join: joined };
  }
  return { outcome: "credited" };
}

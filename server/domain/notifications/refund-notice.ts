import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orderItems, paymentOrders } from "@/db/schema";
import { notifyUsers } from "../groups/notify-group-event";
import type { Clock } from "../shared/clock";

/** The notice's kind: a refund the provider could not make went to the shopper's cash instead. */
export const REFUND_RETURNED_NOTICE = "refund.returned_to_cash";

/** What the shopper's notice says, as data (the notifications page words it in the reader's language). */
export interface RefundReturnedPayload {
  refundId: string;
  /** The store order refunded (its page), or null for a payment finance refunded after holding it. */
  orderId: string | null;
  paymentOrderId: string;
  /** What the payment was for: `store_order`, `topup`, `group_join`. */
  purpose: string;
  /** The order's first line and how many lines it has, to name it. */
  itemName: string | null;
  itemCount: number;
  amountFen: number;
  /** The provider's words (e.g. "退款异常 (ABNORMAL)"), when it gave any. */
  reason: string | null;
}

/**
 * Tells the shopper that a refund through Alipay or WeChat Pay failed and its money is in their cash
 * instead, in the transaction that moved it (`applyProviderRefundReport`). One per refund.
 */
export async function notifyRefundReturned(
  tx: DbOrTx,
  clock: Clock,
  refund: { id: string; userId: string; orderId: string | null; paymentOrderId: string; amountFen: number; failureReason: string | null },
): Promise<void> {
  const [payment] = await tx.select({ purpose: paymentOrders.purpose }).from(paymentOrders).where(eq(paymentOrders.id, refund.paymentOrderId));
  let itemName: string | null = null;
  let itemCount = 0;
  if (refund.orderId) {
    const [first] = await tx
      .select({ name: orderItems.name, lines: sql<number>`count(*) OVER ()`.mapWith(Number) })
      .from(orderItems)
      .where(eq(orderItems.orderId, refund.orderId))
      .orderBy(asc(orderItems.id))
      .limit(1);
    itemName = first?.name ?? null;
    itemCount = first?.lines ?? 0;
  }
  const payload: RefundReturnedPayload = {
    refundId: refund.id,
    orderId: refund.orderId,
    paymentOrderId: refund.paymentOrderId,
    purpose: payment?.purpose ?? "topup",
    itemName,
    itemCount,
    amountFen: refund.amountFen,
    reason: refund.failureReason,
  };
  await notifyUsers(tx, clock, [{ userId: refund.userId, kind: REFUND_RETURNED_NOTICE, refId: refund.id, payload: { ...payload } }]);
}

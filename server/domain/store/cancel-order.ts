import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orderItems, orders } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { postTransfers } from "../ledger";
import { assertStatus, lockOrder, type OrderRow } from "./lock-order";
import { appendOrderEvent } from "./order-events";
import { refundOrderMoney } from "./refund-order-money";

/**
 * A shopper cancels their own order before it ships (spec §7): everything paid goes back to its
 * source (cash to cash, the voucher part to vouchers, points to points) and the stock is put back.
 * A pending gateway order is cancelled the same way; a capture that arrives later stays as cash.
 */
export async function cancelOrder(tx: DbOrTx, clock: Clock, input: { userId: string; orderId: string }): Promise<OrderRow> {
  const order = await lockOrder(tx, input.orderId, input.userId);
  if (order.status === "cancelled") return order;
  if (order.kind === "prize") assertStatus(order, []);
  assertStatus(order, ["pending_payment", "paid"]);
  await cancelLockedOrder(tx, clock, order, input.userId, "shopper");
  return { ...order, status: "cancelled" };
}

/** Cancels a locked, unshipped order: money back to its sources, stock back on the shelf. */
export async function cancelLockedOrder(tx: DbOrTx, clock: Clock, order: OrderRow, actorId: string | null, by: "shopper" | "expiry"): Promise<void> {
  if (order.kind === "mall" && order.pointsAsset && order.points > 0) {
    await postTransfers(tx, clock, [
      { key: `order:${order.id}:cancel.points`, asset: order.pointsAsset, from: { platform: "store_revenue" }, to: { userId: order.userId }, amount: order.points, reason: "store.cancel.points", ref: { type: "order", id: order.id } },
    ]);
  } else if (order.status === "paid") {
    const left = order.cashFen + order.voucherFen - order.refundedCashFen - order.refundedVoucherFen;
    if (left > 0) await refundOrderMoney(tx, clock, order, { refundId: "cancel", amountFen: left, actorId: actorId ?? order.userId, note: by });
  } else if (order.voucherFen > 0) {
    // Pending: only the voucher part was taken at checkout.
    await postTransfers(tx, clock, [
      { key: `order:${order.id}:cancel.voucher`, asset: "voucher", from: { platform: "store_revenue" }, to: { userId: order.userId }, amount: order.voucherFen, reason: "store.refund.voucher", ref: { type: "order", id: order.id } },
    ]);
    await tx.update(orders).set({ refundedVoucherFen: order.voucherFen }).where(eq(orders.id, order.id));
  }
  await restock(tx, order.id);
  await tx.update(orders).set({ status: "cancelled" }).where(eq(orders.id, order.id));
  await appendOrderEvent(tx, clock, order.id, "cancelled", actorId, { by });
}

async function restock(tx: DbOrTx, orderId: string): Promise<void> {
  const lines = await tx.select().from(orderItems).where(eq(orderItems.orderId, orderId));
  for (const l of lines) {
    if (l.mallItemId) await tx.execute(sql`UPDATE mall_items SET stock = stock + ${l.quantity} WHERE id = ${l.mallItemId}`);
    else if (l.productId) await tx.execute(sql`UPDATE products SET stock = stock + ${l.quantity} WHERE id = ${l.productId}`);
  }
}

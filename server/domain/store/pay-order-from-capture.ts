import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { isDomainError } from "../shared/errors";
import { postTransfers } from "../ledger";
import { completeOrderPayment } from "./complete-order-payment";

/**
 * Called by the gateway webhook in its transaction, after the captured amount was credited to the
 * buyer's cash: pays the pending order from that cash. An order that is no longer pending (cancelled
 * or expired meanwhile) takes nothing, so the money simply stays in the buyer's cash wallet.
 */
export async function payOrderFromCapture(tx: DbOrTx, clock: Clock, paymentOrderId: string): Promise<"paid" | "kept_as_cash"> {
  const [order] = await tx.select().from(orders).where(eq(orders.paymentOrderId, paymentOrderId)).for("update");
  if (!order || order.status !== "pending_payment") return "kept_as_cash";
  try {
    await postTransfers(tx, clock, [
      { key: `order:${order.id}:pay.cash`, asset: "cash", from: { userId: order.userId }, to: { platform: "store_revenue" }, amount: order.cashFen, reason: "store.pay.cash", ref: { type: "order", id: order.id } },
    ]);
  } catch (e) {
    // The buyer spent the credited cash in between: the order stays pending, the top-up stands.
    if (isDomainError(e) && e.code === "INSUFFICIENT_BALANCE") return "kept_as_cash";
    throw e;
  }
  await completeOrderPayment(tx, clock, order);
  return "paid";
}

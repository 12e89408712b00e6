import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { gatewayJoins, orders, paymentOrders } from "@/db/schema";
import { DomainError } from "../shared/errors";

/**
 * One of the shopper's gateway payments as the cashier's return page shows it: amount, status, and
 * what it pays for (a top-up, a store order, a group join). Another user's id is not found.
 */
export async function readTopup(tx: DbOrTx, userId: string, paymentOrderId: string) {
  const [order] = await tx
    .select({ id: paymentOrders.id, amountFen: paymentOrders.amountFen, currency: paymentOrders.currency, provider: paymentOrders.provider, status: paymentOrders.status, createdAt: paymentOrders.createdAt, purpose: paymentOrders.purpose, storeOrderId: orders.id, joinActivityId: gatewayJoins.activityId })
    .from(paymentOrders)
    .leftJoin(orders, eq(orders.paymentOrderId, paymentOrders.id))
    .leftJoin(gatewayJoins, eq(gatewayJoins.paymentOrderId, paymentOrders.id))
    .where(and(eq(paymentOrders.id, paymentOrderId), eq(paymentOrders.userId, userId)));
  if (!order) throw new DomainError("NOT_FOUND");
  return order;
}

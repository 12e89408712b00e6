import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders, type OrderStatus } from "@/db/schema";
import { DomainError } from "../shared/errors";

export type OrderRow = typeof orders.$inferSelect;

/**
 * Locks an order for a status change. With `userId`, the order must be that shopper's: someone
 * else's order is "not found", never "forbidden" (no hint that the id exists).
 */
export async function lockOrder(tx: DbOrTx, orderId: string, userId?: string): Promise<OrderRow> {
  const where = userId ? and(eq(orders.id, orderId), eq(orders.userId, userId)) : eq(orders.id, orderId);
  const [row] = await tx.select().from(orders).where(where).for("update");
  if (!row) throw new DomainError("NOT_FOUND");
  return row;
}

/** Refuses a transition from a status not in `from`, naming the current status. */
export function assertStatus(order: OrderRow, from: readonly OrderStatus[]): void {
  if (!from.includes(order.status)) throw new DomainError("ORDER_WRONG_STATUS", { status: order.status });
}

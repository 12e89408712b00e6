import type { OrderStatus } from "@/db/schema";

/**
 * Where an order stands, as people read it: a paid order without a shipping address (a group-draw
 * prize waits for its winner's address) cannot ship yet, so it is not "to ship" but "awaiting the
 * address". Every other stage is the stored status.
 */
export type OrderStage = OrderStatus | "awaiting_address";

export function orderStage(order: { status: OrderStatus; address: unknown }): OrderStage {
  return order.status === "paid" && !order.address ? "awaiting_address" : order.status;
}


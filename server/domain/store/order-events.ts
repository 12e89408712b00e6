import "server-only";
import type { DbOrTx } from "@/db/client";
import { orderEvents } from "@/db/schema";
import type { Clock } from "../shared/clock";

export type OrderEventKind = "created" | "paid" | "shipped" | "delivered" | "received" | "cancelled" | "refund" | "refunded" | "address";

/** Appends one step to an order's timeline (shown to the shopper and the operator). */
export async function appendOrderEvent(
  tx: DbOrTx,
  clock: Clock,
  orderId: string,
  kind: OrderEventKind,
  actorId: string | null,
  detail: Record<string, unknown> | null = null,
): Promise<void> {
  await tx.insert(orderEvents).values({ orderId, kind, actorId, detail, createdAt: clock.now() });
}

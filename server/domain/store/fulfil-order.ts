import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { assertStatus, lockOrder, type OrderRow } from "./lock-order";
import { appendOrderEvent } from "./order-events";
import { CARRIER, TRACKING } from "./ship-rules";
import { notifyUsers } from "../groups/notify-group-event";


/** Operator ships a paid order with a carrier and tracking number (the order needs an address); the buyer is told both. */
export async function shipOrder(tx: DbOrTx, clock: Clock, actor: Actor, input: { orderId: string; carrier: string; trackingNo: string }): Promise<OrderRow> {
  const carrier = input.carrier.trim();
  const trackingNo = input.trackingNo.trim();
  if (!CARRIER.test(carrier)) throw new DomainError("BAD_INPUT", { field: "carrier" });
  if (!TRACKING.test(trackingNo)) throw new DomainError("BAD_INPUT", { field: "trackingNo" });
  const order = await lockOrder(tx, input.orderId);
  assertStatus(order, ["paid"]);
  if (!order.address) throw new DomainError("ADDRESS_REQUIRED");
  await tx.update(orders).set({ status: "shipped", carrier, trackingNo }).where(eq(orders.id, order.id));
  await appendOrderEvent(tx, clock, order.id, "shipped", actor.id, { carrier, trackingNo });
  await notifyUsers(tx, clock, [{ userId: order.userId, kind: "order.shipped", refId: order.id, payload: { orderId: order.id, carrier, trackingNo } }]);
  await recordAudit(tx, clock, actor, { action: "order.ship", targetType: "order", targetId: order.id, before: { status: order.status }, after: { status: "shipped", carrier, trackingNo } });
  return { ...order, status: "shipped", carrier, trackingNo };
}

/** Operator marks a shipped order delivered (the carrier's word); the shopper may still confirm receipt. */
export async function markDelivered(tx: DbOrTx, clock: Clock, actor: Actor, input: { orderId: string }): Promise<OrderRow> {
  const order = await lockOrder(tx, input.orderId);
  assertStatus(order, ["shipped"]);
  await tx.update(orders).set({ status: "delivered" }).where(eq(orders.id, order.id));
  await appendOrderEvent(tx, clock, order.id, "delivered", actor.id);
  await recordAudit(tx, clock, actor, { action: "order.deliver", targetType: "order", targetId: order.id, before: { status: order.status }, after: { status: "delivered" } });
  return { ...order, status: "delivered" };
}

/** The shopper confirms receipt of their own shipped or delivered order. */
export async function confirmReceipt(tx: DbOrTx, clock: Clock, input: { userId: string; orderId: string }): Promise<OrderRow> {
  const order = await lockOrder(tx, input.orderId, input.userId);
  if (order.status === "received") return order;
  assertStatus(order, ["shipped", "delivered"]);
  await tx.update(orders).set({ status: "received" }).where(eq(orders.id, order.id));
  await appendOrderEvent(tx, clock, order.id, "received", input.userId);
  return { ...order, status: "received" };
}

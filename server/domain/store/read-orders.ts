import "server-only";
import { and, asc, desc, eq, inArray, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orderEvents, orderItems, orders, paymentOrders, users, type OrderKind, type OrderStatus, type PaymentProviderName } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { DomainError } from "../shared/errors";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";
import type { OrderStage } from "./order-stage";

/**
 * Orders newest first with their lines; scoped to one shopper when `userId` is given. By `stage`
 * (order-stage.ts): "paid" is what can ship now, "awaiting_address" the paid orders without one. Each
 * with the provider its gateway payment went to and that provider's transaction id (`provider` filters).
 */
export async function listOrders(
  tx: DbOrTx,
  input: { userId?: string; stage?: OrderStage; statuses?: OrderStatus[]; kind?: OrderKind; provider?: PaymentProviderName; query?: string; cursor?: string; limit: number },
) {
  const where: SQL[] = [];
  if (input.userId) where.push(eq(orders.userId, input.userId));
  if (input.stage === "awaiting_address") where.push(eq(orders.status, "paid"), isNull(orders.address));
  else if (input.stage === "paid") where.push(eq(orders.status, "paid"), isNotNull(orders.address));
  else if (input.stage) where.push(eq(orders.status, input.stage));
  if (input.statuses?.length) where.push(inArray(orders.status, input.statuses));
  if (input.kind) where.push(eq(orders.kind, input.kind));
  if (input.provider) where.push(eq(paymentOrders.provider, input.provider));
  const q = input.query?.trim();
  if (q) {
    const byId = /^[0-9a-f-]{36}$/i.test(q) ? eq(orders.id, q.toLowerCase()) : undefined;
    const byPhone = /^\d{11}$/.test(q) ? eq(users.phone, q) : undefined;
    const cond = byId ?? byPhone;
    if (!cond) throw new DomainError("BAD_INPUT", { field: "query" });
    where.push(cond);
  }
  const after = cursorBefore(input.cursor, orders.createdAt, orders.id);
  if (after) where.push(after);
  const rows = await tx
    .select({ order: orders, phone: users.phone, displayName: users.displayName, paymentProvider: paymentOrders.provider, gatewayTxnId: paymentOrders.gatewayTxnId })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .leftJoin(paymentOrders, eq(paymentOrders.id, orders.paymentOrderId))
    .where(and(...where))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(input.limit + 1);
  const ids = rows.map((r) => r.order.id);
  const lines = ids.length ? await tx.select().from(orderItems).where(inArray(orderItems.orderId, ids)).orderBy(asc(orderItems.id)) : [];
  const page = keysetPage(
    rows.map((r) => ({ ...r.order, paymentProvider: r.paymentProvider, gatewayTxnId: r.gatewayTxnId, buyer: { displayName: r.displayName, phone: maskPhone(r.phone) }, items: lines.filter((l) => l.orderId === r.order.id) })),
    input.limit,
  );
  return page;
}

/** One order with lines and timeline; a shopper asking for someone else's gets NOT_FOUND. */
export async function readOrder(tx: DbOrTx, input: { orderId: string; userId?: string }) {
  const where = input.userId ? and(eq(orders.id, input.orderId), eq(orders.userId, input.userId)) : eq(orders.id, input.orderId);
  const [row] = await tx
    .select({ order: orders, phone: users.phone, displayName: users.displayName, paymentProvider: paymentOrders.provider, gatewayTxnId: paymentOrders.gatewayTxnId })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.userId))
    .leftJoin(paymentOrders, eq(paymentOrders.id, orders.paymentOrderId))
    .where(where);
  if (!row) throw new DomainError("NOT_FOUND");
  const [items, events] = await Promise.all([
    tx.select().from(orderItems).where(eq(orderItems.orderId, input.orderId)).orderBy(asc(orderItems.id)),
    tx.select({ id: orderEvents.id, kind: orderEvents.kind, detail: orderEvents.detail, createdAt: orderEvents.createdAt }).from(orderEvents).where(eq(orderEvents.orderId, input.orderId)).orderBy(asc(orderEvents.id)),
  ]);
  // Who collects (or collected) its gateway payment: the pay link of a pending order goes there.
  return { ...row.order, paymentProvider: row.paymentProvider, gatewayTxnId: row.gatewayTxnId, buyer: { displayName: row.displayName, phone: maskPhone(row.phone) }, items, events };
}


import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activityItems, entries, orderItems, orders, prizes, products } from "@/db/schema";
import { notifyUsers } from "../groups/notify-group-event";
import type { Clock } from "../shared/clock";
import { itemImageSql } from "../shared/item-image";
import { appendOrderEvent } from "./order-events";

/** The notice that a prize order waits for its winner's shipping address (one per order). */
export const PRIZE_ADDRESS_NOTICE = "prize.address_needed";

/**
 * Turns group-draw W-A product prizes (table `prizes`, status `to_ship`) into orders in the same
 * list and flow as store orders: kind `prize`, already paid (the join paid for it), shipped by the
 * operator. One order per prize (unique entry id), so running this again creates nothing.
 * The order starts without an address: the winner confirms where it goes (their default address
 * offered first) on the order page, and is told so by a notification written in this transaction.
 */
export async function createPrizeOrders(tx: DbOrTx, clock: Clock, opts: { userId?: string; groupIds?: string[]; limit?: number } = {}): Promise<number> {
  const pending = await tx
    .select({ entryId: prizes.entryId, userId: prizes.userId, groupId: entries.groupId, name: activityItems.name, imageUrl: itemImageSql(), productId: products.id, priceFen: entries.priceFen })
    .from(prizes)
    .innerJoin(activityItems, eq(activityItems.id, prizes.itemId))
    .innerJoin(entries, eq(entries.id, prizes.entryId))
    .leftJoin(products, eq(products.id, activityItems.productId))
    .leftJoin(orders, eq(orders.prizeEntryId, prizes.entryId))
    .where(
      and(
        eq(prizes.kind, "product"),
        isNull(orders.id),
        opts.userId ? eq(prizes.userId, opts.userId) : sql`true`,
        opts.groupIds ? inArray(entries.groupId, opts.groupIds) : sql`true`,
      ),
    )
    .limit(opts.limit ?? 200);
  const created: { id: string; userId: string; groupId: string; itemName: string }[] = [];
  for (const p of pending) {
    const id = randomUUID();
    const now = clock.now();
    const [row] = await tx
      .insert(orders)
      .values({ id, userId: p.userId, kind: "prize", status: "paid", payWith: "prize", prizeEntryId: p.entryId, address: null, createdAt: now, paidAt: now })
      .onConflictDoNothing()
      .returning({ id: orders.id });
    if (!row) continue;
    await tx.insert(orderItems).values({ orderId: id, productId: p.productId, name: p.name, imageUrl: p.imageUrl, unitPriceFen: p.priceFen, quantity: 1 });
    await appendOrderEvent(tx, clock, id, "created", null, { prizeEntryId: p.entryId });
    created.push({ id, userId: p.userId, groupId: p.groupId, itemName: p.name });
  }
  await notifyUsers(
    tx,
    clock,
    created.map((o) => ({ userId: o.userId, kind: PRIZE_ADDRESS_NOTICE, refId: o.id, payload: { orderId: o.id, groupId: o.groupId, itemName: o.itemName } })),
  );
  return created.length;
}

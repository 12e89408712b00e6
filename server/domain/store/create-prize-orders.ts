import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activityItems, addresses, entries, orderItems, orders, prizes, products } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { appendOrderEvent } from "./order-events";

/**
 * Turns group-draw W-A product prizes (table `prizes`, status `to_ship`) into orders in the same
 * list and flow as store orders: kind `prize`, already paid (the join paid for it), shipped by the
 * operator. One order per prize (unique entry id), so running this again creates nothing.
 * The buyer's default address, if any, is copied; otherwise they pick one on the order page.
 */
export async function createPrizeOrders(tx: DbOrTx, clock: Clock, opts: { userId?: string; groupIds?: string[]; limit?: number } = {}): Promise<number> {
  const pending = await tx
    .select({ entryId: prizes.entryId, userId: prizes.userId, name: activityItems.name, imageUrl: activityItems.imageUrl, productId: products.id, priceFen: entries.priceFen })
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
  let created = 0;
  for (const p of pending) {
    const [address] = await tx.select().from(addresses).where(eq(addresses.userId, p.userId)).orderBy(sql`${addresses.isDefault} DESC`, addresses.createdAt).limit(1);
    const id = randomUUID();
    const now = clock.now();
    const [row] = await tx
      .insert(orders)
      .values({
        id,
        userId: p.userId,
        kind: "prize",
        status: "paid",
        payWith: "prize",
        prizeEntryId: p.entryId,
        address: address ? { recipient: address.recipient, phone: address.phone, region: address.region, detail: address.detail } : null,
        createdAt: now,
        paidAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: orders.id });
    if (!row) continue;
    await tx.insert(orderItems).values({ orderId: id, productId: p.productId, name: p.name, imageUrl: p.imageUrl, unitPriceFen: p.priceFen, quantity: 1 });
    await appendOrderEvent(tx, clock, id, "created", null, { prizeEntryId: p.entryId });
    created++;
  }
  return created;
}

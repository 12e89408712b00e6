import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { addresses, mallItems, orderItems, orders, products } from "@/db/schema";
import { assertNotFrozen, readAccountStanding } from "../users/account-standing";
import type { Clock } from "../shared/clock";
import { DomainError, isDomainError } from "../shared/errors";
import { postTransfers } from "../ledger";
import { poolCalendar } from "../pool/pool-phase";
import { appendOrderEvent } from "./order-events";
import { MAX_QUANTITY } from "./place-order";

/**
 * Points mall (spec §7, §5): an item priced in mall points can be redeemed any day; one priced in
 * dividend points only while the pool calendar is `open` (days 1–5 of the month, business time).
 * Redemption is an order like any other (paid in points, shipped, received), keyed by `orderId`.
 */
export async function redeemMallItem(
  tx: DbOrTx,
  clock: Clock,
  input: { userId: string; orderId: string; mallItemId: string; quantity: number; addressId: string },
): Promise<{ id: string; status: string; points: number }> {
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) throw new DomainError("BAD_INPUT", { field: "quantity" });
  const user = await readAccountStanding(tx, input.userId);
  if (!user || user.role !== "shopper") throw new DomainError("FORBIDDEN");
  assertNotFrozen(user);
  const [item] = await tx
    .select({ id: mallItems.id, asset: mallItems.asset, pricePoints: mallItems.pricePoints, active: mallItems.active, productId: products.id, name: products.name, images: products.images })
    .from(mallItems)
    .innerJoin(products, eq(products.id, mallItems.productId))
    .where(eq(mallItems.id, input.mallItemId));
  if (!item || !item.active) throw new DomainError("PRODUCT_UNAVAILABLE", { name: item?.name ?? "?" });
  if (item.asset === "divPoints" && poolCalendar(clock.now()).phase !== "open") throw new DomainError("DIV_POINTS_REDEEM_CLOSED");

  const points = item.pricePoints * input.quantity;
  const now = clock.now();
  const [fresh] = await tx
    .insert(orders)
    .values({ id: input.orderId, userId: input.userId, kind: "mall", status: "paid", payWith: "points", pointsAsset: item.asset, points, createdAt: now, paidAt: now })
    .onConflictDoNothing()
    .returning({ id: orders.id });
  if (!fresh) {
    const [o] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
    if (!o || o.userId !== input.userId) throw new DomainError("NOT_FOUND");
    if (o.kind !== "mall" || o.points !== points) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.orderId });
    return { id: o.id, status: o.status, points: o.points };
  }
  const [address] = await tx.select().from(addresses).where(and(eq(addresses.id, input.addressId), eq(addresses.userId, input.userId)));
  if (!address) throw new DomainError("ADDRESS_REQUIRED");
  const taken = await tx.execute(sql`UPDATE mall_items SET stock = stock - ${input.quantity} WHERE id = ${item.id} AND active AND stock >= ${input.quantity} RETURNING id`);
  if (taken.length === 0) throw new DomainError("SOLD_OUT", { name: item.name });
  await tx.update(orders).set({ address: { recipient: address.recipient, phone: address.phone, region: address.region, detail: address.detail } }).where(eq(orders.id, input.orderId));
  await tx.insert(orderItems).values({ orderId: input.orderId, productId: item.productId, mallItemId: item.id, name: item.name, imageUrl: item.images[0] ?? null, unitPriceFen: 0, quantity: input.quantity });
  try {
    await postTransfers(tx, clock, [
      { key: `order:${input.orderId}:pay.points`, asset: item.asset, from: { userId: input.userId }, to: { platform: "store_revenue" }, amount: points, reason: "store.redeem", ref: { type: "order", id: input.orderId } },
    ]);
  } catch (e) {
    if (isDomainError(e) && e.code === "INSUFFICIENT_BALANCE") throw new DomainError("INSUFFICIENT_BALANCE");
    throw e;
  }
  await appendOrderEvent(tx, clock, input.orderId, "created", input.userId, { points, asset: item.asset });
  await appendOrderEvent(tx, clock, input.orderId, "paid", input.userId, { points, asset: item.asset });
  return { id: input.orderId, status: "paid", points };
}

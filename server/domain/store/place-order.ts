import "server-only";
import { and, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { addresses, orderItems, orders, paymentOrders, products, type PaymentProviderName } from "@/db/schema";
import { assertNotFrozen, readAccountStanding } from "../users/account-standing";
import type { Clock } from "../shared/clock";
import { DomainError, isDomainError } from "../shared/errors";
import { MAX_AMOUNT_FEN } from "../shared/money";
import { postTransfers } from "../ledger";
import { readSetting } from "../settings/platform-settings";
import { completeOrderPayment } from "./complete-order-payment";
import { appendOrderEvent } from "./order-events";
import { splitPayment } from "./store-math";

export const MAX_LINES = 20;
export const MAX_QUANTITY = 99;

export interface CheckoutLine {
  productId: string;
  quantity: number;
}

export interface PlaceOrderInput {
  userId: string;
  /** Made by the checkout page once; a double submit or retry returns the first order. */
  orderId: string;
  lines: CheckoutLine[];
  addressId: string;
  /** How much of the voucher balance to use (partial use allowed); the rest is paid with `payWith`. */
  voucherFen: number;
  payWith: "cash" | "gateway";
  /** Who collects a gateway payment (the shopper's choice on the pay sheet); the sandbox when not given. */
  provider?: PaymentProviderName;
}

export interface PlacedOrder {
  id: string;
  status: string;
  itemsTotalFen: number;
  voucherFen: number;
  cashFen: number;
  paymentOrderId: string | null;
  /** Who collects the gateway payment (null when nothing is paid through the gateway). */
  paymentProvider: PaymentProviderName | null;
}

/**
 * Checkout (spec §7), one transaction: prices come from the catalog only; stock is decremented here
 * with a conditional UPDATE (two buyers of the last item: one gets it, the other SOLD_OUT and no
 * charge, because the whole transaction rolls back); vouchers and cash move through the ledger with
 * keys derived from the order id. With the gateway, the money part waits for the capture webhook
 * (`payStoreOrderFromCapture`); the stock and the voucher part stay reserved until then or until
 * the pending order expires.
 */
export async function placeOrder(tx: DbOrTx, clock: Clock, input: PlaceOrderInput): Promise<PlacedOrder> {
  const lines = mergeLines(input.lines);
  if (!Number.isSafeInteger(input.voucherFen) || input.voucherFen < 0 || input.voucherFen > MAX_AMOUNT_FEN) throw new DomainError("BAD_INPUT", { field: "voucherFen" });
  // Locked for update: the shopper's checkouts run one at a time, so the unpaid-order cap and the
  // per-shopper limits hold under double submits.
  const user = await readAccountStanding(tx, input.userId, "update");
  if (!user || user.role !== "shopper") throw new DomainError("FORBIDDEN");
  assertNotFrozen(user);

  // The order row first: a concurrent duplicate submit waits on its primary key, then finds it.
  const now = clock.now();
  const [fresh] = await tx
    .insert(orders)
    .values({ id: input.orderId, userId: input.userId, kind: "store", status: "pending_payment", payWith: input.payWith, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: orders.id });
  if (!fresh) return replay(tx, input);

  const [address] = await tx.select().from(addresses).where(and(eq(addresses.id, input.addressId), eq(addresses.userId, input.userId)));
  if (!address) throw new DomainError("ADDRESS_REQUIRED");

  const catalog = await tx.select().from(products).where(inArray(products.id, lines.map((l) => l.productId)));
  const byId = new Map(catalog.map((p) => [p.id, p]));
  let totalFen = 0;
  const priced: PricedLine[] = [];
  for (const l of lines) {
    const p = byId.get(l.productId);
    if (!p || !p.onSale) throw new DomainError("PRODUCT_UNAVAILABLE", { name: p?.name ?? "?" });
    totalFen += p.priceFen * l.quantity;
    priced.push({ quantity: l.quantity, product: p });
  }
  if (totalFen > MAX_AMOUNT_FEN) throw new DomainError("BAD_INPUT", { field: "lines" });
  if (input.voucherFen > totalFen) throw new DomainError("VOUCHER_EXCEEDS_TOTAL");

  await assertWithinPerShopperLimits(tx, input.userId, input.orderId, priced);

  // Sorted by product id: two orders for the same products lock rows in one order (no deadlock).
  for (const l of [...lines].sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    const taken = await tx.execute(sql`UPDATE products SET stock = stock - ${l.quantity} WHERE id = ${l.productId} AND on_sale AND stock >= ${l.quantity} RETURNING id`);
    if (taken.length === 0) throw new DomainError("SOLD_OUT", { name: byId.get(l.productId)?.name ?? "?" });
  }

  const parts = splitPayment(totalFen, input.voucherFen);
  const gateway = input.payWith === "gateway" && parts.cashFen > 0;
  let paymentOrderId: string | null = null;
  if (gateway) {
    await assertUnpaidOrdersBelowCap(tx, input.userId, input.orderId);
    const [po] = await tx.insert(paymentOrders).values({ userId: input.userId, purpose: "store_order", amountFen: parts.cashFen, provider: input.provider ?? "sandbox", createdAt: now }).returning({ id: paymentOrders.id });
    paymentOrderId = po?.id ?? null;
  }
  const [order] = await tx
    .update(orders)
    .set({
      itemsTotalFen: totalFen,
      voucherFen: parts.voucherFen,
      cashFen: parts.cashFen,
      payWith: parts.cashFen === 0 ? "cash" : input.payWith,
      paymentOrderId,
      address: { recipient: address.recipient, phone: address.phone, region: address.region, detail: address.detail },
    })
    .where(eq(orders.id, input.orderId))
    .returning();
  if (!order) throw new DomainError("INTERNAL");
  await tx.insert(orderItems).values(
    priced.map(({ product: p, quantity }) => ({ orderId: order.id, productId: p.id, name: p.name, imageUrl: p.images[0] ?? null, unitPriceFen: p.priceFen, quantity })),
  );
  await appendOrderEvent(tx, clock, order.id, "created", input.userId, { totalFen, voucherFen: parts.voucherFen, payWith: order.payWith });

  const ref = { type: "order", id: order.id };
  if (parts.voucherFen > 0) {
    try {
      await postTransfers(tx, clock, [{ key: `order:${order.id}:pay.voucher`, asset: "voucher", from: { userId: input.userId }, to: { platform: "store_revenue" }, amount: parts.voucherFen, reason: "store.pay.voucher", ref }]);
    } catch (e) {
      if (isDomainError(e) && e.code === "INSUFFICIENT_BALANCE") throw new DomainError("VOUCHER_INSUFFICIENT");
      throw e;
    }
  }
  if (!gateway) {
    if (parts.cashFen > 0) {
      await postTransfers(tx, clock, [{ key: `order:${order.id}:pay.cash`, asset: "cash", from: { userId: input.userId }, to: { platform: "store_revenue" }, amount: parts.cashFen, reason: "store.pay.cash", ref }]);
    }
    await completeOrderPayment(tx, clock, order);
  }
  return { id: order.id, status: gateway ? "pending_payment" : "paid", itemsTotalFen: totalFen, voucherFen: parts.voucherFen, cashFen: parts.cashFen, paymentOrderId, paymentProvider: gateway ? (input.provider ?? "sandbox") : null };
}

/** A checkout line with its product, as read in the order's transaction. */
type PricedLine = { quantity: number; product: typeof products.$inferSelect };

/**
 * A product's per-shopper limit counts what the shopper already bought or is paying for (every order
 * but cancelled and refunded ones). Their checkouts are serialised on their row, so two at once cannot both pass.
 */
async function assertWithinPerShopperLimits(tx: DbOrTx, userId: string, orderId: string, lines: PricedLine[]): Promise<void> {
  const limited = lines.flatMap(({ product, quantity }) => (product.maxPerShopper != null ? [{ product, quantity, max: product.maxPerShopper }] : []));
  if (limited.length === 0) return;
  const bought = await tx
    .select({ productId: orderItems.productId, quantity: sql<number>`sum(${orderItems.quantity})::int` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orders.userId, userId), ne(orders.id, orderId), notInArray(orders.status, ["cancelled", "refunded"]), inArray(orderItems.productId, limited.map((l) => l.product.id))))
    .groupBy(orderItems.productId);
  const already = new Map(bought.map((b) => [b.productId, b.quantity]));
  for (const { product: p, quantity, max } of limited) {
    const before = already.get(p.id) ?? 0;
    if (before + quantity > max) throw new DomainError("PER_SHOPPER_LIMIT", { name: p.name, max, left: Math.max(0, max - before) });
  }
}

/** A shopper with `maxUnpaidOrders` gateway orders waiting for payment opens no other until one is paid or expires. */
async function assertUnpaidOrdersBelowCap(tx: DbOrTx, userId: string, orderId: string): Promise<void> {
  const { maxUnpaidOrders } = await readSetting(tx, "store");
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.userId, userId), eq(orders.status, "pending_payment"), eq(orders.payWith, "gateway"), ne(orders.id, orderId)));
  if ((row?.n ?? 0) >= maxUnpaidOrders) throw new DomainError("UNPAID_ORDERS_LIMIT", { max: maxUnpaidOrders });
}

/** Quantities of the same product add up; every line must be a whole 1–99 and there are at most 20 lines. */
function mergeLines(lines: CheckoutLine[]): CheckoutLine[] {
  if (lines.length === 0 || lines.length > MAX_LINES) throw new DomainError("BAD_INPUT", { field: "lines" });
  const merged = new Map<string, number>();
  for (const l of lines) {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_QUANTITY) throw new DomainError("BAD_INPUT", { field: "quantity" });
    merged.set(l.productId, (merged.get(l.productId) ?? 0) + l.quantity);
  }
  const out = [...merged.entries()].map(([productId, quantity]) => ({ productId, quantity }));
  if (out.some((l) => l.quantity > MAX_QUANTITY)) throw new DomainError("BAD_INPUT", { field: "quantity" });
  return out;
}

async function replay(tx: DbOrTx, input: PlaceOrderInput): Promise<PlacedOrder> {
  const [o] = await tx.select().from(orders).where(eq(orders.id, input.orderId));
  // Another user's order id is not found; a different request under the same key is a mismatch.
  if (!o || o.userId !== input.userId) throw new DomainError("NOT_FOUND");
  if (o.kind !== "store" || o.voucherFen !== input.voucherFen) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.orderId });
  const [po] = o.paymentOrderId ? await tx.select({ provider: paymentOrders.provider }).from(paymentOrders).where(eq(paymentOrders.id, o.paymentOrderId)) : [];
  return { id: o.id, status: o.status, itemsTotalFen: o.itemsTotalFen, voucherFen: o.voucherFen, cashFen: o.cashFen, paymentOrderId: o.paymentOrderId, paymentProvider: po?.provider ?? null };
}

import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { addresses, orders } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { assertStatus, lockOrder } from "./lock-order";
import { appendOrderEvent } from "./order-events";

/**
 * Sets (or changes) the shipping address of the shopper's own order before it ships — a prize
 * order waits for this. Only their own order (else NOT_FOUND) and their own address (else
 * ADDRESS_REQUIRED, as at checkout); the order's copy is taken now, so later edits of the address
 * book do not move it. The same address again changes nothing and adds no timeline event.
 */
export async function setOrderAddress(tx: DbOrTx, clock: Clock, input: { userId: string; orderId: string; addressId: string }) {
  const order = await lockOrder(tx, input.orderId, input.userId);
  assertStatus(order, ["pending_payment", "paid"]);
  const [a] = await tx.select().from(addresses).where(and(eq(addresses.id, input.addressId), eq(addresses.userId, input.userId)));
  if (!a) throw new DomainError("ADDRESS_REQUIRED");
  const address = { recipient: a.recipient, phone: a.phone, region: a.region, detail: a.detail };
  if (order.address && sameAddress(order.address, address)) return order;
  await tx.update(orders).set({ address }).where(eq(orders.id, order.id));
  await appendOrderEvent(tx, clock, order.id, "address", input.userId);
  return { ...order, address };
}

function sameAddress(a: NonNullable<typeof orders.$inferSelect.address>, b: NonNullable<typeof orders.$inferSelect.address>): boolean {
  return a.recipient === b.recipient && a.phone === b.phone && a.region === b.region && a.detail === b.detail;
}

import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { addresses, orders } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { assertStatus, lockOrder } from "./lock-order";
import { appendOrderEvent } from "./order-events";

/** Sets (or changes) the shipping address of the shopper's own order before it ships — e.g. a prize order. */
export async function setOrderAddress(tx: DbOrTx, clock: Clock, input: { userId: string; orderId: string; addressId: string }) {
  const order = await lockOrder(tx, input.orderId, input.userId);
  assertStatus(order, ["pending_payment", "paid"]);
  const [a] = await tx.select().from(addresses).where(and(eq(addresses.id, input.addressId), eq(addresses.userId, input.userId)));
  if (!a) throw new DomainError("ADDRESS_REQUIRED");
  const address = { recipient: a.recipient, phone: a.phone, region: a.region, detail: a.detail };
  await tx.update(orders).set({ address }).where(eq(orders.id, order.id));
  await appendOrderEvent(tx, clock, order.id, "address", input.userId);
  return { ...order, address };
}

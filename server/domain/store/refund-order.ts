import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { assertStatus, lockOrder } from "./lock-order";
import { appendOrderEvent } from "./order-events";
import { refundOrderMoney, type RefundOutcome } from "./refund-order-money";

/**
 * Operator refund of a paid store order, partial or full, never above what is left to refund.
 * The order turns `refunded` once everything is back. Shipped goods stay with the buyer (after-sale),
 * so stock is not put back here; cancelling before shipping does that.
 */
export async function refundOrder(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  input: { orderId: string; refundId: string; amountFen: number; note: string },
): Promise<RefundOutcome & { status: string }> {
  const order = await lockOrder(tx, input.orderId);
  if (order.kind !== "store") throw new DomainError("ORDER_WRONG_STATUS", { status: order.kind });
  assertStatus(order, ["paid", "shipped", "delivered", "received", "refunded"]);
  const out = await refundOrderMoney(tx, clock, order, { refundId: input.refundId, amountFen: input.amountFen, actorId: actor.id, note: input.note });
  if (out.replayed) return { ...out, status: order.status };
  const [after] = await tx.select().from(orders).where(eq(orders.id, order.id));
  const full = after !== undefined && after.refundedCashFen === after.cashFen && after.refundedVoucherFen === after.voucherFen;
  if (full) {
    await tx.update(orders).set({ status: "refunded" }).where(eq(orders.id, order.id));
    await appendOrderEvent(tx, clock, order.id, "refunded", actor.id);
  }
  await recordAudit(tx, clock, actor, {
    action: "order.refund",
    targetType: "order",
    targetId: order.id,
    before: { status: order.status, refundedCashFen: order.refundedCashFen, refundedVoucherFen: order.refundedVoucherFen },
    after: { status: full ? "refunded" : order.status, refundId: input.refundId, amountFen: input.amountFen, cashFen: out.cashFen, voucherFen: out.voucherFen, note: input.note },
  });
  return { ...out, status: full ? "refunded" : order.status };
}

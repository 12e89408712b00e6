import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { paymentOrders, users } from "@/db/schema";
import { maskPhone } from "../auth/phone";

/** Payments whose gateway notification did not match the order (amount or currency): held, not credited. */
export async function listPaymentsForReview(tx: DbOrTx, input: { limit: number }) {
  const rows = await tx
    .select({
      id: paymentOrders.id,
      phone: users.phone,
      amountFen: paymentOrders.amountFen,
      currency: paymentOrders.currency,
      gatewayTxnId: paymentOrders.gatewayTxnId,
      reviewReason: paymentOrders.reviewReason,
      createdAt: paymentOrders.createdAt,
    })
    .from(paymentOrders)
    .innerJoin(users, eq(users.id, paymentOrders.userId))
    .where(eq(paymentOrders.status, "review"))
    .orderBy(desc(paymentOrders.createdAt))
    .limit(input.limit);
  return rows.map((r) => ({ ...r, phone: maskPhone(r.phone) }));
}

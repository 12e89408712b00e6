import "server-only";
import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { heldPaymentActions, paymentOrders, users } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { PAYMENT_ROW_COLUMNS } from "./payment-row-columns";

const actors = alias(users, "actors");

/**
 * Payments whose gateway notification did not match the order (amount or currency): held, never
 * credited, until finance decides. `resolved` lists the decided ones instead, latest decision first,
 * each with its decision. The reason is a code and the reported figures, put into words by the reader.
 */
export async function listPaymentsForReview(tx: DbOrTx, input: { limit: number; resolved?: boolean }) {
  const base = tx
    .select({
      ...PAYMENT_ROW_COLUMNS,
      reviewCode: paymentOrders.reviewCode,
      reviewParams: paymentOrders.reviewParams,
      createdAt: paymentOrders.createdAt,
      decision: {
        action: heldPaymentActions.action,
        outcome: heldPaymentActions.outcome,
        reason: heldPaymentActions.reason,
        amount: heldPaymentActions.amount,
        currency: heldPaymentActions.currency,
        refundReference: heldPaymentActions.refundReference,
        actorName: actors.displayName,
        decidedAt: heldPaymentActions.createdAt,
      },
    })
    .from(paymentOrders)
    .innerJoin(users, eq(users.id, paymentOrders.userId));
  const rows = input.resolved
    ? await base
        .innerJoin(heldPaymentActions, eq(heldPaymentActions.paymentOrderId, paymentOrders.id))
        .innerJoin(actors, eq(actors.id, heldPaymentActions.actorId))
        .orderBy(desc(heldPaymentActions.createdAt), desc(heldPaymentActions.id))
        .limit(input.limit)
    : await base
        .leftJoin(heldPaymentActions, eq(heldPaymentActions.paymentOrderId, paymentOrders.id))
        .leftJoin(actors, eq(actors.id, heldPaymentActions.actorId))
        .where(eq(paymentOrders.status, "review"))
        .orderBy(desc(paymentOrders.createdAt))
        .limit(input.limit);
  return rows.map((r) => ({ ...r, phone: maskPhone(r.phone), decision: r.decision?.action ? r.decision : null }));
}

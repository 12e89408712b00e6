import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orders, paymentOrders, users, type PaymentProviderName, type PAYMENT_STATUSES } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { PAYMENT_ROW_COLUMNS } from "./payment-row-columns";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Every payment order for the console, newest first (keyset over created_at, id): who paid, what for,
 * through which provider (sandbox, Alipay, WeChat Pay) and under which of the provider's transaction
 * ids, with the store order it pays when there is one. Filtered by provider and status.
 */
export async function listPayments(tx: DbOrTx, input: { provider?: PaymentProviderName; status?: PaymentStatus; cursor?: string; limit: number }) {
  const where: SQL[] = [];
  if (input.provider) where.push(eq(paymentOrders.provider, input.provider));
  if (input.status) where.push(eq(paymentOrders.status, input.status));
  const after = cursorBefore(input.cursor, paymentOrders.createdAt, paymentOrders.id);
  if (after) where.push(after);
  const rows = await tx
    .select({
      ...PAYMENT_ROW_COLUMNS,
      orderId: orders.id,
      createdAt: paymentOrders.createdAt,
      paidAt: paymentOrders.paidAt,
    })
    .from(paymentOrders)
    .innerJoin(users, eq(users.id, paymentOrders.userId))
    .leftJoin(orders, eq(orders.paymentOrderId, paymentOrders.id))
    .where(and(...where))
    .orderBy(desc(paymentOrders.createdAt), desc(paymentOrders.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })),
    input.limit,
  );
}

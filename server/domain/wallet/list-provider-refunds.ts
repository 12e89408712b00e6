import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { gatewayRefunds, paymentOrders, users, type GATEWAY_REFUND_STATUSES, type PaymentProviderName } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

export type GatewayRefundStatus = (typeof GATEWAY_REFUND_STATUSES)[number];

/**
 * Refunds sent back through Alipay or WeChat Pay (`gateway_refunds`), newest first (keyset over
 * created_at, id), for the console: where each stands, the store order and refund it belongs to, the
 * provider's refund id and, when refused, its reason. Filtered by status, provider or store order.
 */
export async function listProviderRefunds(tx: DbOrTx, input: { status?: GatewayRefundStatus; provider?: PaymentProviderName; orderId?: string; cursor?: string; limit: number }) {
  const where: SQL[] = [];
  if (input.status) where.push(eq(gatewayRefunds.status, input.status));
  if (input.provider) where.push(eq(gatewayRefunds.provider, input.provider));
  if (input.orderId) where.push(eq(gatewayRefunds.orderId, input.orderId));
  const after = cursorBefore(input.cursor, gatewayRefunds.createdAt, gatewayRefunds.id);
  if (after) where.push(after);
  const rows = await tx
    .select({
      id: gatewayRefunds.id,
      kind: gatewayRefunds.kind,
      provider: gatewayRefunds.provider,
      status: gatewayRefunds.status,
      amountFen: gatewayRefunds.amountFen,
      userId: gatewayRefunds.userId,
      phone: users.phone,
      displayName: users.displayName,
      orderId: gatewayRefunds.orderId,
      orderRefundId: gatewayRefunds.orderRefundId,
      paymentOrderId: gatewayRefunds.paymentOrderId,
      gatewayTxnId: paymentOrders.gatewayTxnId,
      providerRefundId: gatewayRefunds.providerRefundId,
      failureReason: gatewayRefunds.failureReason,
      createdAt: gatewayRefunds.createdAt,
      finishedAt: gatewayRefunds.finishedAt,
    })
    .from(gatewayRefunds)
    .innerJoin(users, eq(users.id, gatewayRefunds.userId))
    .innerJoin(paymentOrders, eq(paymentOrders.id, gatewayRefunds.paymentOrderId))
    .where(and(...where))
    .orderBy(desc(gatewayRefunds.createdAt), desc(gatewayRefunds.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })),
    input.limit,
  );
}

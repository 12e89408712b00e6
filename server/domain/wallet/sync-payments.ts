import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { paymentOrders, type PaymentProviderName } from "@/db/schema";
import type { PaymentProvider } from "../../payments/payment-provider";
import type { Clock } from "../shared/clock";
import { applyGatewayEvent, type GatewayEventResult } from "./apply-gateway-event";
import { syncProviderRefunds } from "./provider-refunds";

/**
 * Asks the provider about one payment order and applies its answer exactly as the notification
 * would have been applied (same event row, same replay guard): for a notification that never
 * came, or a shopper back from the provider's page before it did.
 */
export async function syncPaymentOrder(db: Db, clock: Clock, provider: PaymentProvider, paymentOrderId: string): Promise<GatewayEventResult | null> {
  const report = await provider.queryPayment({ paymentOrderId });
  if (!report || report.event.orderId !== paymentOrderId) return null;
  return db.transaction((tx) => applyGatewayEvent(tx, clock, provider.name, report.event, report.payload));
}

/** A payment order is asked about once it is this old, and no longer after three hours (providers close it after two: PAYMENT_TTL_MINUTES). */
export const PAYMENT_SYNC_AFTER_MS = 60_000;
const PAYMENT_SYNC_UNTIL_MS = 3 * 3600_000;

/**
 * The `payments.sync` job: pending orders of real providers between a minute and three hours old are
 * queried and applied; refunds left pending or processing are sent or asked about again.
 */
export async function syncPayments(db: Db, clock: Clock, providerFor: (name: PaymentProviderName) => PaymentProvider | null): Promise<number> {
  const now = clock.now().getTime();
  const pending = await db
    .select({ id: paymentOrders.id, provider: paymentOrders.provider })
    .from(paymentOrders)
    .where(
      and(
        eq(paymentOrders.status, "pending"),
        sql`${paymentOrders.provider} <> 'sandbox'`,
        sql`${paymentOrders.createdAt} < ${new Date(now - PAYMENT_SYNC_AFTER_MS).toISOString()}::timestamptz`,
        sql`${paymentOrders.createdAt} > ${new Date(now - PAYMENT_SYNC_UNTIL_MS).toISOString()}::timestamptz`,
      ),
    )
    .orderBy(paymentOrders.createdAt)
    .limit(200);
  let acted = 0;
  for (const p of pending) {
    const provider = providerFor(p.provider);
    if (!provider) continue;
    try {
      const result = await syncPaymentOrder(db, clock, provider, p.id);
      if (result && result.outcome !== "duplicate") acted++;
    } catch (e) {
      console.error(`[payments.sync] payment ${p.id}`, e);
    }
  }
  return acted + (await syncProviderRefunds(db, clock, providerFor));
}

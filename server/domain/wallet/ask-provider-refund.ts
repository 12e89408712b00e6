import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gatewayRefunds, type PaymentProviderName } from "@/db/schema";
import type { PaymentProvider } from "../../payments/payment-provider";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { submitProviderRefund } from "./provider-refunds";
import type { GatewayRefundStatus } from "./list-provider-refunds";

/**
 * An operator's "ask the provider now" for a refund still pending or processing: the same path as the
 * `payments.sync` job (submitProviderRefund: the same refund number, the answer applied once under the
 * row's lock), so pressing it twice, or with the job, moves money at most once. Audited every time:
 * in the transaction that applies the answer, or on its own when nothing was applied (the refund was
 * already final, or the provider could not be reached: PAYMENT_PROVIDER_UNREACHABLE, nothing changed).
 */
export async function askProviderRefund(
  db: Db,
  clock: Clock,
  actor: Actor,
  providerFor: (name: PaymentProviderName) => PaymentProvider | null,
  refundId: string,
): Promise<{ before: GatewayRefundStatus; status: GatewayRefundStatus; changed: boolean }> {
  const [row] = await db.select({ status: gatewayRefunds.status, provider: gatewayRefunds.provider }).from(gatewayRefunds).where(eq(gatewayRefunds.id, refundId));
  if (!row) throw new DomainError("NOT_FOUND");
  const before = row.status;
  const audit = (after: Record<string, unknown>) => (tx: Parameters<typeof recordAudit>[0]) =>
    recordAudit(tx, clock, actor, { action: "gateway_refund.query", targetType: "gateway_refund", targetId: refundId, before: { status: before, provider: row.provider }, after });
  if (before === "pending" || before === "processing") {
    const provider = providerFor(row.provider);
    if (!provider) throw new DomainError("PAYMENT_PROVIDER_UNAVAILABLE");
    let applied: GatewayRefundStatus | "not_open";
    try {
      applied = await submitProviderRefund(db, clock, provider, refundId, (tx, status) => audit({ status })(tx));
    } catch (e) {
      console.error(`[refunds] operator query of ${refundId} failed`, e);
      await db.transaction(audit({ status: before, error: "unreachable" }));
      throw new DomainError("PAYMENT_PROVIDER_UNREACHABLE");
    }
    if (applied !== "not_open") return { before, status: applied, changed: applied !== before };
  }
  // Final already (or settled by the job meanwhile): nothing to ask; the look is still recorded.
  const [now] = await db.select({ status: gatewayRefunds.status }).from(gatewayRefunds).where(eq(gatewayRefunds.id, refundId));
  const status = now?.status ?? before;
  await db.transaction(audit({ status }));
  return { before, status, changed: status !== before };
}

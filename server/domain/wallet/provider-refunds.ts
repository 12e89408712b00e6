import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { gatewayRefunds, paymentOrders, type PaymentProviderName } from "@/db/schema";
import type { PaymentProvider, RefundReport, RefundRequest } from "../../payments/payment-provider";
import { postTransfers } from "../ledger";
import type { Clock } from "../shared/clock";

type RefundRow = typeof gatewayRefunds.$inferSelect;

/** The real provider holding a captured payment (Alipay, WeChat Pay), or null: the sandbox's or an unpaid order's refunds stay in the wallet. */
export async function providerHolding(tx: DbOrTx, paymentOrderId: string | null): Promise<{ provider: PaymentProviderName; paymentOrderId: string } | null> {
  if (!paymentOrderId) return null;
  const [p] = await tx.select({ provider: paymentOrders.provider, status: paymentOrders.status }).from(paymentOrders).where(eq(paymentOrders.id, paymentOrderId));
  return p && p.status === "paid" && p.provider !== "sandbox" ? { provider: p.provider, paymentOrderId } : null;
}

/**
 * Opens the provider refund of a store refund's cash part, in the refund's transaction (its ledger
 * leg already took the money from store_revenue to gateway_refunds). The id is our refund number at
 * the provider. The router submits it after the commit; the `payments.sync` job does if it did not.
 */
export async function openProviderRefund(
  tx: DbOrTx,
  clock: Clock,
  input: { id: string; provider: PaymentProviderName; paymentOrderId: string; userId: string; orderId: string; orderRefundId: string; amountFen: number },
): Promise<void> {
  await tx.insert(gatewayRefunds).values({ ...input, createdAt: clock.now() });
}

const requestOf = (r: RefundRow, p: { amountFen: number; currency: string; gatewayTxnId: string | null }): RefundRequest => ({
  refundId: r.id,
  paymentOrderId: r.paymentOrderId,
  providerTxnId: p.gatewayTxnId,
  amountFen: r.amountFen,
  totalFen: p.amountFen,
  currency: p.currency,
  reason: "商城订单退款",
});

async function readRequest(db: DbOrTx, id: string): Promise<{ row: RefundRow; request: RefundRequest } | null> {
  const [r] = await db.select().from(gatewayRefunds).innerJoin(paymentOrders, eq(paymentOrders.id, gatewayRefunds.paymentOrderId)).where(eq(gatewayRefunds.id, id));
  return r ? { row: r.gateway_refunds, request: requestOf(r.gateway_refunds, r.payment_orders) } : null;
}

/**
 * Applies the provider's word on a refund once, under the refund row's lock: succeeded, the money
 * left through the provider (`gateway_refunds → gateway_clearing`); failed, it goes to the shopper's
 * cash instead, with the provider's reason (`gateway_refunds → user`); processing, noted. A final
 * refund never changes again (a late or repeated report is a no-op).
 */
export async function applyProviderRefundReport(tx: DbOrTx, clock: Clock, id: string, report: RefundReport): Promise<RefundRow["status"]> {
  const [row] = await tx.select().from(gatewayRefunds).where(eq(gatewayRefunds.id, id)).for("update");
  if (!row) return "failed";
  if (row.status === "succeeded" || row.status === "failed") return row.status;
  const ref = { type: "gateway_refund", id: row.id };
  const now = clock.now();
  if (report.status === "processing") {
    await tx.update(gatewayRefunds).set({ status: "processing", providerRefundId: report.providerRefundId ?? row.providerRefundId }).where(eq(gatewayRefunds.id, id));
    return "processing";
  }
  if (report.status === "succeeded") {
    await postTransfers(tx, clock, [{ key: `gateway-refund:${row.id}:paid`, asset: "cash", from: { platform: "gateway_refunds" }, to: { platform: "gateway_clearing" }, amount: row.amountFen, reason: "gateway_refund.paid", ref }]);
  } else {
    await postTransfers(tx, clock, [{ key: `gateway-refund:${row.id}:returned`, asset: "cash", from: { platform: "gateway_refunds" }, to: { userId: row.userId }, amount: row.amountFen, reason: "gateway_refund.returned", ref }]);
  }
  await tx
    .update(gatewayRefunds)
    .set({ status: report.status, providerRefundId: report.providerRefundId ?? row.providerRefundId, failureReason: report.failureReason, finishedAt: now })
    .where(eq(gatewayRefunds.id, id));
  return report.status;
}

/**
 * Sends a refund to its provider, outside any transaction (another company's server), and applies
 * the answer. Idempotent by our refund number: a second call (the job after a crash, two instances,
 * an operator's "ask now") is the same refund at the provider, and the report is applied once.
 * `alsoInApply` runs in the transaction that applies the answer (an operator's audit entry).
 */
export async function submitProviderRefund(
  db: Db,
  clock: Clock,
  provider: PaymentProvider,
  id: string,
  alsoInApply?: (tx: DbOrTx, status: RefundRow["status"]) => Promise<void>,
): Promise<RefundRow["status"] | "not_open"> {
  const found = await readRequest(db, id);
  if (!found || found.row.provider !== provider.name || (found.row.status !== "pending" && found.row.status !== "processing")) return "not_open";
  const report = found.row.status === "processing" ? ((await provider.queryRefund(found.request)) ?? (await provider.refund(found.request))) : await provider.refund(found.request);
  return db.transaction(async (tx) => {
    const status = await applyProviderRefundReport(tx, clock, id, report);
    if (alsoInApply) await alsoInApply(tx, status);
    return status;
  });
}

/** How long a refund waits before the job acts on it: a submit that did not happen, a result not yet final. */
export const REFUND_SYNC_AFTER_MS = 60_000;

/** The `payments.sync` job's refund half: refunds left pending or processing for a minute are sent or asked about again. */
export async function syncProviderRefunds(db: Db, clock: Clock, providerFor: (name: PaymentProviderName) => PaymentProvider | null): Promise<number> {
  const before = new Date(clock.now().getTime() - REFUND_SYNC_AFTER_MS).toISOString();
  const open = await db
    .select({ id: gatewayRefunds.id, provider: gatewayRefunds.provider })
    .from(gatewayRefunds)
    .where(and(sql`${gatewayRefunds.status} IN ('pending', 'processing')`, sql`${gatewayRefunds.createdAt} < ${before}::timestamptz`))
    .limit(200);
  let settled = 0;
  for (const r of open) {
    const provider = providerFor(r.provider);
    if (!provider) continue;
    try {
      const status = await submitProviderRefund(db, clock, provider, r.id);
      if (status === "succeeded" || status === "failed") settled++;
    } catch (e) {
      console.error(`[payments.sync] refund ${r.id}`, e);
    }
  }
  return settled;
}

/**
 * After a store refund or cancellation commits: sends that order's refunds still pending to their
 * providers at once (the job is the backstop). A provider that cannot be reached is left to the job.
 */
export async function submitOrderRefunds(db: Db, clock: Clock, providerFor: (name: PaymentProviderName) => PaymentProvider | null, orderId: string): Promise<void> {
  const open = await db
    .select({ id: gatewayRefunds.id, provider: gatewayRefunds.provider })
    .from(gatewayRefunds)
    .where(and(eq(gatewayRefunds.orderId, orderId), eq(gatewayRefunds.status, "pending")));
  for (const r of open) {
    const provider = providerFor(r.provider);
    if (!provider) continue;
    try {
      await submitProviderRefund(db, clock, provider, r.id);
    } catch (e) {
      console.error(`[refunds] ${r.id} left to payments.sync`, e);
    }
  }
}

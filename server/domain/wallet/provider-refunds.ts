import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { gatewayRefunds, paymentOrders, type PaymentProviderName } from "@/db/schema";
import type { PaymentProvider, RefundNotice, RefundReport, RefundRequest } from "../../payments/payment-provider";
import { postTransfers } from "../ledger";
import { notifyRefundReturned } from "../notifications/refund-notice";
import type { Clock } from "../shared/clock";

type RefundRow = typeof gatewayRefunds.$inferSelect;

/** The real provider holding a captured payment (Alipay, WeChat Pay), or null: the sandbox's or an unpaid order's refunds stay in the wallet. */
export async function providerHolding(tx: DbOrTx, paymentOrderId: string | null): Promise<{ provider: PaymentProviderName; paymentOrderId: string } | null> {
  if (!paymentOrderId) return null;
  const [p] = await tx.select({ provider: paymentOrders.provider, status: paymentOrders.status }).from(paymentOrders).where(eq(paymentOrders.id, paymentOrderId));
  return p && p.status === "paid" && p.provider !== "sandbox" ? { provider: p.provider, paymentOrderId } : null;
}

/**
 * Opens a provider refund in the transaction that decided it, whose ledger leg already moved the
 * money into gateway_refunds (a store refund's cash part from store_revenue, a held payment from
 * held_payments; in yuan only). The id is our refund number at the provider. The caller submits it
 * after the commit (`submitOpenRefunds`); the `payments.sync` job does if it did not.
 */
export async function openProviderRefund(
  tx: DbOrTx,
  clock: Clock,
  input:
    | { kind?: "store_refund"; id: string; provider: PaymentProviderName; paymentOrderId: string; userId: string; orderId: string; orderRefundId: string; amountFen: number }
    | { kind: "held_payment"; id: string; provider: PaymentProviderName; paymentOrderId: string; userId: string; amountFen: number; currency: string },
): Promise<void> {
  await tx.insert(gatewayRefunds).values({ ...input, createdAt: clock.now() });
}

/**
 * What we ask the provider for. The payment's total is what the provider collected: the reported
 * amount for a payment held for a mismatch (WeChat Pay checks it), else the order's.
 */
const requestOf = (r: RefundRow, p: typeof paymentOrders.$inferSelect): RefundRequest => ({
  refundId: r.id,
  paymentOrderId: r.paymentOrderId,
  providerTxnId: p.gatewayTxnId,
  amountFen: r.amountFen,
  totalFen: p.reviewParams?.reportedAmount ?? p.amountFen,
  currency: r.currency,
  reason: r.kind === "held_payment" ? "支付金额不符退款" : "商城订单退款",
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
  // The ledger holds yuan only: a held payment refunded in another currency moved no ledger money in, so none moves out.
  const inLedger = row.currency === "CNY";
  if (report.status === "succeeded") {
    if (inLedger) await postTransfers(tx, clock, [{ key: `gateway-refund:${row.id}:paid`, asset: "cash", from: { platform: "gateway_refunds" }, to: { platform: "gateway_clearing" }, amount: row.amountFen, reason: "gateway_refund.paid", ref }]);
  } else if (inLedger) {
    await postTransfers(tx, clock, [{ key: `gateway-refund:${row.id}:returned`, asset: "cash", from: { platform: "gateway_refunds" }, to: { userId: row.userId }, amount: row.amountFen, reason: "gateway_refund.returned", ref }]);
    await notifyRefundReturned(tx, clock, { ...row, failureReason: report.failureReason });
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
 * After the transaction that opened refunds commits (a store refund or cancellation: by its order;
 * finance's refund of a held payment: by the payment order), sends those still pending to their
 * providers at once. A provider that cannot be reached is left to the `payments.sync` job.
 */
export async function submitOpenRefunds(
  db: Db,
  clock: Clock,
  providerFor: (name: PaymentProviderName) => PaymentProvider | null,
  of: { orderId: string } | { paymentOrderId: string },
): Promise<void> {
  const open = await db
    .select({ id: gatewayRefunds.id, provider: gatewayRefunds.provider })
    .from(gatewayRefunds)
    .where(and("orderId" in of ? eq(gatewayRefunds.orderId, of.orderId) : eq(gatewayRefunds.paymentOrderId, of.paymentOrderId), eq(gatewayRefunds.status, "pending")));
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

/**
 * A refund's result told by the provider's verified notification (WeChat Pay's REFUND.*, Alipay's
 * trade notification naming our refund number), applied as an answer to our call would be: once, a
 * final refund never changing again. A notice that is not about one of this provider's refunds of
 * that payment, or names another amount, applies nothing (the query in `payments.sync` settles it).
 */
export async function applyRefundNotice(tx: DbOrTx, clock: Clock, provider: PaymentProviderName, notice: RefundNotice): Promise<RefundRow["status"] | "ignored"> {
  const [row] = await tx.select().from(gatewayRefunds).where(eq(gatewayRefunds.id, notice.refundId));
  if (!row || row.provider !== provider || row.paymentOrderId !== notice.paymentOrderId) return "ignored";
  if (notice.amountFen !== null && notice.amountFen !== row.amountFen) {
    console.error(`[refunds] ${row.id}: ${provider} reported ${notice.amountFen}, we asked ${row.amountFen}; left to the query`);
    return "ignored";
  }
  return applyProviderRefundReport(tx, clock, row.id, notice.report);
}

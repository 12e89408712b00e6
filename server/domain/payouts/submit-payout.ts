import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { payoutDestinations, payouts, withdrawals } from "@/db/schema";
import type { PayoutProvider } from "../../payouts/payout-provider";
import type { Clock } from "../shared/clock";
import { applyPayoutReport } from "./apply-payout-report";

/**
 * Hands a queued payout to the provider, outside any transaction (a provider is another company's
 * server), then records the provider's payout id. The provider's create is idempotent by our payout
 * id, so calling this again (the job after a crash, two instances at once) makes one payout. A
 * provider that throws (no answer, a transient error) leaves it queued for the job.
 */
export async function submitPayout(db: Db, clock: Clock, provider: PayoutProvider, payoutId: string): Promise<"submitted" | "not_queued"> {
  const [p] = await db
    .select({ id: payouts.id, status: payouts.status, amountFen: payouts.amountFen, kind: payoutDestinations.kind, account: payoutDestinations.account, bankCode: payoutDestinations.bankCode, holderName: payoutDestinations.holderName })
    .from(payouts)
    .innerJoin(withdrawals, eq(withdrawals.id, payouts.withdrawalId))
    .innerJoin(payoutDestinations, eq(payoutDestinations.id, withdrawals.destinationId))
    .where(and(eq(payouts.id, payoutId), eq(payouts.provider, provider.name)));
  if (!p || p.status !== "queued") return "not_queued";
  const created = await provider.createPayout({
    payoutId: p.id,
    amountFen: p.amountFen,
    destination: { kind: p.kind, account: p.account, bankCode: p.bankCode, holderName: p.holderName },
    remark: "拼拼提现",
  });
  await db
    .update(payouts)
    .set({ status: "processing", providerPayoutId: created.providerPayoutId, confirmPackage: created.confirmPackage ?? null, submittedAt: clock.now() })
    .where(and(eq(payouts.id, p.id), eq(payouts.status, "queued")));
  // The transfer's own answer was final (paid at once, or refused with a reason): applied as a callback would be.
  if (created.report && created.report.status !== "processing") {
    const report = created.report;
    await db.transaction((tx) => applyPayoutReport(tx, clock, provider.name, report));
  }
  return "submitted";
}

/** How long a payout waits before the job acts on it: a submit that did not happen, a callback that did not come. */
export const PAYOUT_SYNC_AFTER_MS = { queued: 60_000, processing: 10 * 60_000 } as const;

/**
 * The `payouts.sync` job: submits payouts still queued a minute after approval (the request that
 * approved them crashed before submitting), and asks the provider about payouts processing for ten
 * minutes with no callback, applying its answer as a callback would be applied.
 */
export async function syncPayouts(db: Db, clock: Clock, provider: PayoutProvider): Promise<number> {
  const now = clock.now().getTime();
  const stale = await db
    .select({ id: payouts.id, status: payouts.status, providerPayoutId: payouts.providerPayoutId })
    .from(payouts)
    .where(
      sql`${payouts.provider} = ${provider.name} AND (
        (${payouts.status} = 'queued' AND ${payouts.createdAt} < ${new Date(now - PAYOUT_SYNC_AFTER_MS.queued).toISOString()}::timestamptz)
        OR (${payouts.status} = 'processing' AND ${payouts.submittedAt} < ${new Date(now - PAYOUT_SYNC_AFTER_MS.processing).toISOString()}::timestamptz))`,
    )
    .limit(200);
  let acted = 0;
  for (const p of stale) {
    if (p.status === "queued") {
      if ((await submitPayout(db, clock, provider, p.id)) === "submitted") acted++;
      continue;
    }
    const report = await provider.queryPayout({ payoutId: p.id, providerPayoutId: p.providerPayoutId });
    if (!report || report.status === "processing") continue;
    const { outcome } = await db.transaction((tx) => applyPayoutReport(tx, clock, provider.name, report));
    if (outcome === "paid" || outcome === "failed") acted++;
  }
  return acted;
}

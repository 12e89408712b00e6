import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payoutEvents, payouts, withdrawals } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { postTransfers } from "../ledger";
import type { PayoutReport } from "../../payouts/payout-provider";
import { notifyWithdrawal } from "./withdrawal-notice";

export type PayoutOutcome = "paid" | "failed" | "processing" | "duplicate" | "unknown_payout" | "review";

/**
 * Applies one verified provider report on a payout (a callback or a status query). The event row,
 * unique per (provider, provider payout id, status), is the replay guard: a concurrent duplicate
 * waits on it, then does nothing. The payout row is locked and its final states never change, so a
 * second report of either kind moves no money either; the ledger keys (`withdrawal:<id>:payout`,
 * `:failed`) would refuse a second posting anyway. Succeeded: the held funds leave (withdrawal_hold →
 * payout_clearing). Failed: they return to the shopper's cash with the provider's reason and our code for it. A report
 * that contradicts what we know (another amount, another provider payout id, success after failure)
 * moves nothing and flags the withdrawal for finance.
 */
export async function applyPayoutReport(tx: DbOrTx, clock: Clock, provider: string, report: PayoutReport): Promise<{ outcome: PayoutOutcome; withdrawalId?: string }> {
  const fresh = await tx
    .insert(payoutEvents)
    .values({ provider, providerPayoutId: report.providerPayoutId, status: report.status, payoutId: report.payoutId, outcome: "processing", payload: report.payload, receivedAt: clock.now() })
    .onConflictDoNothing()
    .returning({ id: payoutEvents.providerPayoutId });
  if (fresh.length === 0) return { outcome: "duplicate" };
  const result = await applyToPayout(tx, clock, provider, report);
  await tx
    .update(payoutEvents)
    .set({ outcome: result.outcome })
    .where(and(eq(payoutEvents.provider, provider), eq(payoutEvents.providerPayoutId, report.providerPayoutId), eq(payoutEvents.status, report.status)));
  return result;
}

async function applyToPayout(tx: DbOrTx, clock: Clock, provider: string, report: PayoutReport): Promise<{ outcome: PayoutOutcome; withdrawalId?: string }> {
  const [p] = await tx.select().from(payouts).where(and(eq(payouts.id, report.payoutId), eq(payouts.provider, provider))).for("update");
  if (!p) return { outcome: "unknown_payout" };
  const withdrawalId = p.withdrawalId;
  const flag = async () => {
    await tx.update(withdrawals).set({ flagged: true }).where(eq(withdrawals.id, withdrawalId));
    return { outcome: "review" as const, withdrawalId };
  };
  if (p.providerPayoutId !== null && p.providerPayoutId !== report.providerPayoutId) return flag();
  if (report.amountFen !== p.amountFen) return flag();
  if (report.status === "processing") {
    if (p.status === "queued") await tx.update(payouts).set({ status: "processing", providerPayoutId: report.providerPayoutId, submittedAt: clock.now() }).where(eq(payouts.id, p.id));
    return { outcome: "processing", withdrawalId };
  }
  if (p.status === "succeeded" || p.status === "failed") {
    // A final state stays: the same one again is a duplicate, the other one needs a human.
    return p.status === report.status ? { outcome: "duplicate", withdrawalId } : flag();
  }
  const [w] = await tx.select().from(withdrawals).where(eq(withdrawals.id, withdrawalId)).for("update");
  if (!w || w.status !== "processing") return flag();
  const ref = { type: "withdrawal", id: w.id };
  const now = clock.now();
  if (report.status === "succeeded") {
    await postTransfers(tx, clock, [
      { key: `withdrawal:${w.id}:payout`, asset: "cash", from: { platform: "withdrawal_hold" }, to: { platform: "payout_clearing" }, amount: w.amountFen, reason: "withdrawal.payout", ref },
    ]);
    await tx.update(payouts).set({ status: "succeeded", providerPayoutId: report.providerPayoutId, confirmPackage: null, finishedAt: now }).where(eq(payouts.id, p.id));
    await tx.update(withdrawals).set({ status: "paid" }).where(eq(withdrawals.id, w.id));
    await notifyWithdrawal(tx, clock, "withdrawal.paid", w);
    return { outcome: "paid", withdrawalId };
  }
  const reason = report.failureReason?.trim().slice(0, 200) || "—";
  const code = report.failureCode;
  await postTransfers(tx, clock, [
    { key: `withdrawal:${w.id}:failed`, asset: "cash", from: { platform: "withdrawal_hold" }, to: { userId: w.userId }, amount: w.amountFen, reason: "withdrawal.failed", ref },
  ]);
  await tx.update(payouts).set({ status: "failed", providerPayoutId: report.providerPayoutId, failureReason: reason, failureCode: code, confirmPackage: null, finishedAt: now }).where(eq(payouts.id, p.id));
  await tx.update(withdrawals).set({ status: "failed", failureReason: reason, failureCode: code }).where(eq(withdrawals.id, w.id));
  await notifyWithdrawal(tx, clock, "withdrawal.failed", w, reason, code);
  return { outcome: "failed", withdrawalId };
}

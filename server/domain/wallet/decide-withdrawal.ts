import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payoutDestinations, payouts, withdrawals } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { cleanTextOrNull } from "../shared/clean-text";
import { postTransfers } from "../ledger";
import { recordAudit, type Actor } from "../audit/record-audit";
import { frozenRefusal, readAccountStanding } from "../users/account-standing";
import { notifyWithdrawal } from "../payouts/withdrawal-notice";
import { payoutProviderFor, type PayoutProviderName, type RealPayoutProvider } from "../payouts/payout-route";

/**
 * A finance operator's decision on a pending withdrawal. Approving sends it to the payout provider that
 * pays its destination's kind among those enabled (`payouts/payout-route.ts`): a `payouts` row is queued (submitted right after the commit, `submit-payout.ts`), the funds stay held
 * until the provider confirms or fails it (`apply-payout-report.ts`). Rejecting needs a reason and
 * returns the funds to the shopper's cash. The status moves only from pending (a conditional update),
 * so two operators deciding at once cannot both act. A frozen user's withdrawal cannot be approved
 * until they are unfrozen (spec §9). The shopper is notified in the same transaction.
 */
export async function decideWithdrawal(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  input: { withdrawalId: string; decision: "approve" | "reject"; note?: string },
  options: { payoutProviders: readonly RealPayoutProvider[] },
): Promise<{ id: string; status: "processing" | "rejected"; payoutId: string | null; provider: PayoutProviderName | null }> {
  const note = input.note?.trim() ? cleanTextOrNull(input.note, { min: 1, max: 200 }) : null;
  if (input.note?.trim() && note === null) throw new DomainError("BAD_INPUT", { field: "note" });
  if (input.decision === "reject" && !note) throw new DomainError("WITHDRAWAL_REASON_REQUIRED", { field: "note" });
  const status = input.decision === "approve" ? "processing" : "rejected";
  const [w] = await tx
    .update(withdrawals)
    .set({ status, decidedBy: actor.id, decidedAt: clock.now(), decisionNote: note })
    .where(and(eq(withdrawals.id, input.withdrawalId), eq(withdrawals.status, "pending")))
    .returning();
  if (!w) {
    const [exists] = await tx.select({ id: withdrawals.id }).from(withdrawals).where(eq(withdrawals.id, input.withdrawalId));
    throw new DomainError(exists ? "WITHDRAWAL_NOT_PENDING" : "NOT_FOUND");
  }
  let payoutId: string | null = null;
  let provider: PayoutProviderName | null = null;
  if (input.decision === "approve") {
    // A frozen account's withdrawal waits for the unfreeze (this update rolls back); rejecting returns the money.
    const refused = frozenRefusal((await readAccountStanding(tx, w.userId)) ?? { frozen: false, frozenReason: null });
    if (refused) throw new DomainError("WITHDRAWAL_USER_FROZEN", refused.params);
    const [destination] = w.destinationId ? await tx.select({ kind: payoutDestinations.kind }).from(payoutDestinations).where(eq(payoutDestinations.id, w.destinationId)) : [];
    if (!destination) throw new DomainError("DESTINATION_NOT_FOUND");
    provider = payoutProviderFor(destination.kind, options.payoutProviders);
    const [payout] = await tx
      .insert(payouts)
      .values({ withdrawalId: w.id, provider, amountFen: w.amountFen, createdAt: clock.now() })
      .returning({ id: payouts.id });
    payoutId = payout?.id ?? null;
    await notifyWithdrawal(tx, clock, "withdrawal.approved", w);
  } else {
    await postTransfers(tx, clock, [
      { key: `withdrawal:${w.id}:return`, asset: "cash", from: { platform: "withdrawal_hold" }, to: { userId: w.userId }, amount: w.amountFen, reason: "withdrawal.returned", ref: { type: "withdrawal", id: w.id } },
    ]);
    await notifyWithdrawal(tx, clock, "withdrawal.rejected", w, note);
  }
  await recordAudit(tx, clock, actor, {
    action: `withdrawal.${input.decision}`,
    targetType: "withdrawal",
    targetId: w.id,
    before: { status: "pending", amountFen: w.amountFen },
    after: { status, note, ...(payoutId ? { payoutId, provider } : {}) },
  });
  return { id: w.id, status, payoutId, provider };
}

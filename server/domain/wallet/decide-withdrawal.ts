import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { withdrawals } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { postTransfers } from "../ledger";
import { recordAudit, type Actor } from "../audit/record-audit";
import { frozenRefusal, readAccountStanding } from "../users/account-standing";

/**
 * A finance operator's decision on a pending withdrawal: approve pays the held funds out,
 * reject returns them to the shopper's cash. The status moves only from pending (a conditional
 * update), so two operators deciding at once cannot both act. A frozen user's withdrawal cannot be
 * approved until they are unfrozen (spec §9).
 */
export async function decideWithdrawal(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  input: { withdrawalId: string; decision: "approve" | "reject"; note?: string },
): Promise<{ id: string; status: "paid" | "rejected" }> {
  const status = input.decision === "approve" ? "paid" : "rejected";
  const [w] = await tx
    .update(withdrawals)
    .set({ status, decidedBy: actor.id, decidedAt: clock.now(), decisionNote: input.note ?? null })
    .where(and(eq(withdrawals.id, input.withdrawalId), eq(withdrawals.status, "pending")))
    .returning();
  if (!w) {
    const [exists] = await tx.select({ id: withdrawals.id }).from(withdrawals).where(eq(withdrawals.id, input.withdrawalId));
    throw new DomainError(exists ? "WITHDRAWAL_NOT_PENDING" : "NOT_FOUND");
  }
  if (input.decision === "approve") {
    // A frozen account's withdrawal waits for the unfreeze (this update rolls back); rejecting returns the money.
    const refused = frozenRefusal((await readAccountStanding(tx, w.userId)) ?? { frozen: false, frozenReason: null });
    if (refused) throw new DomainError("WITHDRAWAL_USER_FROZEN", refused.params);
  }
  const ref = { type: "withdrawal", id: w.id };
  await postTransfers(tx, clock, [
    input.decision === "approve"
      ? { key: `withdrawal:${w.id}:payout`, asset: "cash", from: { platform: "withdrawal_hold" }, to: { platform: "payout_clearing" }, amount: w.amountFen, reason: "withdrawal.payout", ref }
      : { key: `withdrawal:${w.id}:return`, asset: "cash", from: { platform: "withdrawal_hold" }, to: { userId: w.userId }, amount: w.amountFen, reason: "withdrawal.returned", ref },
  ]);
  await recordAudit(tx, clock, actor, {
    action: `withdrawal.${input.decision}`,
    targetType: "withdrawal",
    targetId: w.id,
    before: { status: "pending", amountFen: w.amountFen },
    after: { status, note: input.note ?? null },
  });
  return { id: w.id, status };
}

import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payoutDestinations } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { notifyUsers } from "../groups/notify-group-event";
import { maskDestination, type MaskedDestination } from "./destination-format";
import type { PayoutFailureCode } from "./payout-failure";

export type WithdrawalNoticeKind = "withdrawal.approved" | "withdrawal.rejected" | "withdrawal.paid" | "withdrawal.failed";

/** A withdrawal's destination as the shopper and most operators see it; null for withdrawals from before destinations. */
export async function maskedDestinationOf(tx: DbOrTx, destinationId: string | null): Promise<MaskedDestination | null> {
  if (!destinationId) return null;
  const [d] = await tx.select().from(payoutDestinations).where(eq(payoutDestinations.id, destinationId));
  return d ? maskDestination(d) : null;
}

/**
 * Tells the shopper what became of their withdrawal (approved, rejected with the reason, paid, failed
 * with the reason and, when the provider gave one, our code for it), in the transaction that made it so. The payload holds data, not words: the
 * notifications page says it in the reader's language. One per (withdrawal, kind).
 */
export async function notifyWithdrawal(
  tx: DbOrTx,
  clock: Clock,
  kind: WithdrawalNoticeKind,
  w: { id: string; userId: string; amountFen: number; destinationId: string | null },
  reason?: string | null,
  reasonCode?: PayoutFailureCode | null,
): Promise<void> {
  const destination = await maskedDestinationOf(tx, w.destinationId);
  await notifyUsers(tx, clock, [{ userId: w.userId, kind, refId: w.id, payload: { withdrawalId: w.id, amountFen: w.amountFen, destination, reason: reason ?? null, reasonCode: reasonCode ?? null } }]);
}

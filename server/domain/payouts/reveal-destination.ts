import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payoutDestinations, withdrawals } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { maskDestination } from "./destination-format";

/**
 * The full account a withdrawal is paid to, for finance only (the permission says who): every look is
 * an audit row naming the withdrawal and what was shown, masked, so the log itself holds no account.
 */
export async function revealWithdrawalDestination(tx: DbOrTx, clock: Clock, actor: Actor, withdrawalId: string) {
  const [d] = await tx
    .select({ kind: payoutDestinations.kind, account: payoutDestinations.account, bankCode: payoutDestinations.bankCode, holderName: payoutDestinations.holderName })
    .from(withdrawals)
    .innerJoin(payoutDestinations, eq(payoutDestinations.id, withdrawals.destinationId))
    .where(eq(withdrawals.id, withdrawalId));
  if (!d) throw new DomainError("NOT_FOUND");
  await recordAudit(tx, clock, actor, { action: "withdrawal.destination.reveal", targetType: "withdrawal", targetId: withdrawalId, after: { shown: maskDestination(d) } });
  return d;
}

import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payoutDestinations, payouts, users, withdrawals, WITHDRAWAL_STATUSES } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { maskDestination } from "../payouts/destination-format";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

type Status = (typeof WITHDRAWAL_STATUSES)[number];

/**
 * Withdrawals, newest first, keyset-paged by (creation time, id); scoped to one user when `userId` is
 * given. Destinations are masked for everyone here: finance sees one in full through
 * `revealWithdrawalDestination`, which is audited.
 */
export async function listWithdrawals(tx: DbOrTx, input: { userId?: string; status?: Status; cursor?: string; limit: number }) {
  const where: SQL[] = [];
  if (input.userId) where.push(eq(withdrawals.userId, input.userId));
  if (input.status) where.push(eq(withdrawals.status, input.status));
  const after = cursorBefore(input.cursor, withdrawals.createdAt, withdrawals.id);
  if (after) where.push(after);
  const rows = await tx
    .select({
      id: withdrawals.id,
      userId: withdrawals.userId,
      phone: users.phone,
      displayName: users.displayName,
      /** A frozen user's pending withdrawal waits: finance cannot approve it until the account is unfrozen. */
      userFrozen: users.frozen,
      amountFen: withdrawals.amountFen,
      status: withdrawals.status,
      createdAt: withdrawals.createdAt,
      decidedAt: withdrawals.decidedAt,
      decisionNote: withdrawals.decisionNote,
      failureReason: withdrawals.failureReason,
      failureCode: withdrawals.failureCode,
      /** A provider report that contradicted what we know: nothing moved, finance looks. */
      flagged: withdrawals.flagged,
      destKind: payoutDestinations.kind,
      destAccount: payoutDestinations.account,
      destBankCode: payoutDestinations.bankCode,
      destHolderName: payoutDestinations.holderName,
      /** A WeChat transfer waiting for the shopper to accept it in WeChat: what WeChat's page needs. */
      confirmPackage: payouts.confirmPackage,
    })
    .from(withdrawals)
    .innerJoin(users, eq(users.id, withdrawals.userId))
    .leftJoin(payoutDestinations, eq(payoutDestinations.id, withdrawals.destinationId))
    .leftJoin(payouts, eq(payouts.withdrawalId, withdrawals.id))
    .where(and(...where))
    .orderBy(desc(withdrawals.createdAt), desc(withdrawals.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows.map(({ destKind, destAccount, destBankCode, destHolderName, ...r }) => ({
      ...r,
      phone: maskPhone(r.phone),
      destination: destKind && destAccount && destHolderName ? maskDestination({ kind: destKind, account: destAccount, bankCode: destBankCode, holderName: destHolderName }) : null,
    })),
    input.limit,
  );
}

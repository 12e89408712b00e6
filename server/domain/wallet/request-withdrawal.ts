import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { withdrawals, type WITHDRAWAL_STATUSES } from "@/db/schema";
import { lockOwnDestination } from "../payouts/destinations";
import { assertNotFrozen, readAccountStanding } from "../users/account-standing";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { assertAmountFen, fenToYuanText } from "../shared/money";
import { postTransfers } from "../ledger";
import { readSetting } from "../settings/platform-settings";

export interface WithdrawalView {
  id: string;
  amountFen: number;
  destinationId: string | null;
  status: (typeof WITHDRAWAL_STATUSES)[number];
  createdAt: Date;
}

/**
 * Requests a cash withdrawal to one of the shopper's own payout destinations and holds the funds at
 * once (cash → withdrawal_hold). The destination is share-locked, so it cannot be removed while this
 * commits. `clientKey` (one per form) makes a double click or a retried request return the first withdrawal.
 */
export async function requestWithdrawal(tx: DbOrTx, clock: Clock, input: { userId: string; amountFen: number; destinationId: string; clientKey: string }): Promise<WithdrawalView> {
  assertAmountFen(input.amountFen);
  const { withdrawalMinFen } = await readSetting(tx, "wallet");
  if (input.amountFen < withdrawalMinFen) throw new DomainError("WITHDRAWAL_BELOW_MINIMUM", { min: fenToYuanText(withdrawalMinFen) });
  const user = await readAccountStanding(tx, input.userId);
  if (!user) throw new DomainError("NOT_FOUND");
  assertNotFrozen(user);
  await lockOwnDestination(tx, input.userId, input.destinationId, "share");

  const requestKey = `${input.userId}:${input.clientKey}`;
  const [created] = await tx
    .insert(withdrawals)
    .values({ userId: input.userId, amountFen: input.amountFen, destinationId: input.destinationId, requestKey, createdAt: clock.now() })
    .onConflictDoNothing({ target: withdrawals.requestKey })
    .returning();
  if (!created) {
    const [existing] = await tx.select().from(withdrawals).where(and(eq(withdrawals.requestKey, requestKey), eq(withdrawals.userId, input.userId)));
    if (!existing || existing.amountFen !== input.amountFen || existing.destinationId !== input.destinationId) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.clientKey });
    return existing;
  }
  await postTransfers(tx, clock, [
    { key: `withdrawal:${created.id}:hold`, asset: "cash", from: { userId: input.userId }, to: { platform: "withdrawal_hold" }, amount: input.amountFen, reason: "withdrawal.hold", ref: { type: "withdrawal", id: created.id } },
  ]);
  return created;
}

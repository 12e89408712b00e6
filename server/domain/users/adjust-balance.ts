import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { manualAdjustments, users, type Asset } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import { postTransfers } from "../ledger";
import { accountRefKey, resolveAccountIds } from "../ledger/accounts";
import type { Clock } from "../shared/clock";
import { cleanTextOrNull } from "../shared/clean-text";
import { DomainError } from "../shared/errors";
import { fenToYuanText } from "../shared/money";

/** The most one adjustment may move either way (¥100,000.00, or 10,000,000 points): a typo guard. */
export const MAX_ADJUSTMENT = 10_000_000;
export const ADJUSTMENT_REASON_MIN = 2;
export const ADJUSTMENT_REASON_MAX = 200;

/** Amounts in messages: yuan for money assets, whole points for points. */
export function assetAmountText(asset: Asset, amount: number): string {
  return asset === "divPoints" || asset === "mallPoints" ? String(amount) : fenToYuanText(amount);
}

export type ManualAdjustment = typeof manualAdjustments.$inferSelect;

/**
 * A finance operator's manual adjustment of one balance (spec §8, §9), one transaction: the user's
 * account row locked; a debit larger than the balance refused by name (ADJUSTMENT_EXCEEDS_BALANCE,
 * nothing written); the `manual_adjustments` row (its id, made once per form, makes a double submit
 * or a retry return the first one: a concurrent duplicate waits on the primary key, then replays);
 * the ledger transfer to or from the `manual_adjustments` platform account (key `adjustment:<id>`);
 * and the audit row with the balance before and after.
 */
export async function adjustBalance(
  tx: DbOrTx,
  clock: Clock,
  actor: Actor,
  input: { adjustmentId: string; userId: string; asset: Asset; amount: number; reason: string },
): Promise<{ adjustment: ManualAdjustment; replayed: boolean }> {
  const { asset, amount } = input;
  if (!Number.isSafeInteger(amount) || amount === 0 || Math.abs(amount) > MAX_ADJUSTMENT) {
    throw new DomainError("ADJUSTMENT_OUT_OF_RANGE", { max: assetAmountText(asset, MAX_ADJUSTMENT) });
  }
  // Shown to the shopper in their history: cleaned like every text a person types.
  const reason = cleanTextOrNull(input.reason, { min: ADJUSTMENT_REASON_MIN, max: ADJUSTMENT_REASON_MAX }) ?? "";
  if (!reason) throw new DomainError("ADJUSTMENT_REASON_REQUIRED", { min: ADJUSTMENT_REASON_MIN, max: ADJUSTMENT_REASON_MAX });

  const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
  if (!user || user.role !== "shopper") throw new DomainError("NOT_FOUND");

  // The account row, created if missing, then locked: the balance cannot move under the check below.
  const ids = await resolveAccountIds(tx, [{ asset, ref: { userId: input.userId } }]);
  const accountId = ids.get(accountRefKey(asset, { userId: input.userId }));
  const [locked] = await tx.execute<{ balance: string }>(sql`SELECT balance FROM ledger_accounts WHERE id = ${accountId} FOR NO KEY UPDATE`);
  const before = Number(locked?.balance ?? 0);
  // Read after the lock: a duplicate submit that waited on it sees the first one committed, and replays it.
  const [prior] = await tx.select().from(manualAdjustments).where(eq(manualAdjustments.id, input.adjustmentId));
  if (prior) return replay(prior, input);
  if (before + amount < 0) {
    throw new DomainError("ADJUSTMENT_EXCEEDS_BALANCE", { balance: assetAmountText(asset, before), amount: assetAmountText(asset, -amount) });
  }

  const [fresh] = await tx
    .insert(manualAdjustments)
    .values({ id: input.adjustmentId, userId: input.userId, asset, amount, reason, balanceBefore: before, balanceAfter: before + amount, actorId: actor.id, createdAt: clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!fresh) {
    const [first] = await tx.select().from(manualAdjustments).where(eq(manualAdjustments.id, input.adjustmentId));
    if (!first) throw new DomainError("CONFLICT");
    return replay(first, input);
  }

  const user_ = { userId: input.userId };
  const platform = { platform: "manual_adjustments" as const };
  await postTransfers(tx, clock, [
    {
      key: `adjustment:${fresh.id}`,
      asset,
      from: amount > 0 ? platform : user_,
      to: amount > 0 ? user_ : platform,
      amount: Math.abs(amount),
      reason: amount > 0 ? "adjustment.credit" : "adjustment.debit",
      ref: { type: "manual_adjustment", id: fresh.id },
    },
  ]);
  await recordAudit(tx, clock, actor, {
    action: "user.adjust",
    targetType: "user",
    targetId: input.userId,
    before: { asset, balance: before },
    after: { asset, balance: fresh.balanceAfter, amount, reason, adjustmentId: fresh.id },
  });
  return { adjustment: fresh, replayed: false };
}

/** The same id again: the first adjustment, if this is the same request; anything else is a mismatch. */
function replay(prior: ManualAdjustment, input: { userId: string; asset: Asset; amount: number }): { adjustment: ManualAdjustment; replayed: boolean } {
  if (prior.userId !== input.userId || prior.asset !== input.asset || prior.amount !== input.amount) {
    throw new DomainError("IDEMPOTENCY_MISMATCH", { key: prior.id });
  }
  return { adjustment: prior, replayed: true };
}

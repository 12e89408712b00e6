import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, voucherGrants } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { cleanText } from "../shared/clean-text";
import { DomainError } from "../shared/errors";
import { assertAmountFen } from "../shared/money";
import { postTransfers } from "../ledger";

/** The most one grant may give (¥10,000): a typo guard. */
export const MAX_VOUCHER_GRANT_FEN = 1_000_000;

/**
 * An operator grants vouchers (购物券) to a shopper: rewards_expense → the shopper's voucher
 * balance, with an audit row, keyed by `grantId` (a double click grants once).
 */
export async function grantVoucher(tx: DbOrTx, clock: Clock, actor: Actor, input: { grantId: string; userId: string; amountFen: number; note: string }): Promise<{ id: string; amountFen: number }> {
  assertAmountFen(input.amountFen);
  if (input.amountFen > MAX_VOUCHER_GRANT_FEN) throw new DomainError("AMOUNT_OUT_OF_RANGE", { field: "amountFen", min: "0.01", max: "10000.00" });
  const note = cleanText(input.note, { min: 2, max: 200 }, "note");
  const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, input.userId));
  if (!user || user.role !== "shopper") throw new DomainError("NOT_FOUND");
  const [fresh] = await tx.insert(voucherGrants).values({ id: input.grantId, userId: input.userId, amountFen: input.amountFen, note, grantedBy: actor.id, createdAt: clock.now() }).onConflictDoNothing().returning();
  if (!fresh) {
    const [g] = await tx.select().from(voucherGrants).where(eq(voucherGrants.id, input.grantId));
    if (!g || g.userId !== input.userId || g.amountFen !== input.amountFen) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.grantId });
    return { id: g.id, amountFen: g.amountFen };
  }
  await postTransfers(tx, clock, [
    { key: `voucher-grant:${fresh.id}`, asset: "voucher", from: { platform: "rewards_expense" }, to: { userId: input.userId }, amount: input.amountFen, reason: "voucher.grant", ref: { type: "voucher_grant", id: fresh.id } },
  ]);
  await recordAudit(tx, clock, actor, { action: "voucher.grant", targetType: "user", targetId: input.userId, after: { grantId: fresh.id, amountFen: input.amountFen, note } });
  return { id: fresh.id, amountFen: fresh.amountFen };
}

import "server-only";
import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { commissions, orders } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { postTransfers } from "../ledger";
import { readSetting } from "../settings/platform-settings";
import { cancelLockedOrder } from "./cancel-order";
import { notifyUsers } from "../groups/notify-group-event";

/**
 * Job `store.commissions`: pays held referral commissions whose hold period has ended
 * (commission_hold → beneficiary's cash, minus anything clawed back), and tells each beneficiary. Rows are claimed with
 * SKIP LOCKED and the ledger key is per commission, so two workers or a re-run pay once.
 */
export async function releaseDueCommissions(db: Db, clock: Clock, batch = 200): Promise<number> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const due = await tx.select().from(commissions).where(and(eq(commissions.status, "held"), lte(commissions.releaseAt, now))).orderBy(commissions.releaseAt).limit(batch).for("update", { skipLocked: true });
    const transfers = due
      .filter((c) => c.amountFen > c.clawedBackFen)
      .map((c) => ({
        key: `commission:${c.id}:release`,
        asset: "cash" as const,
        from: { platform: "commission_hold" as const },
        to: { userId: c.beneficiaryId },
        amount: c.amountFen - c.clawedBackFen,
        reason: `store.commission.L${c.level}`,
        ref: { type: "order", id: c.orderId },
      }));
    await postTransfers(tx, clock, transfers);
    await notifyUsers(
      tx,
      clock,
      due
        .filter((c) => c.amountFen > c.clawedBackFen)
        .map((c) => ({ userId: c.beneficiaryId, kind: "commission.released", refId: c.id, payload: { orderId: c.orderId, level: c.level, amountFen: c.amountFen - c.clawedBackFen } })),
    );
    for (const c of due) await tx.update(commissions).set({ status: "released", settledAt: now }).where(eq(commissions.id, c.id));
    return due.length;
  });
}

/**
 * Job `store.expire-pending`: gateway orders not captured within the setting's minutes are
 * cancelled — stock and voucher part go back. A capture arriving later stays as the buyer's cash.
 */
export async function expirePendingOrders(db: Db, clock: Clock, batch = 100): Promise<number> {
  const { pendingPaymentMinutes } = await readSetting(db, "store");
  const cutoff = new Date(clock.now().getTime() - pendingPaymentMinutes * 60_000);
  return db.transaction(async (tx) => {
    const stale = await tx.select().from(orders).where(and(eq(orders.status, "pending_payment"), lte(orders.createdAt, cutoff))).limit(batch).for("update", { skipLocked: true });
    for (const o of stale) await cancelLockedOrder(tx, clock, o, null, "expiry");
    return stale.length;
  });
}

/** Held and paid commission of one promoter (for the referral page). */
export async function readCommissionTotals(db: Db, userId: string): Promise<{ heldFen: number; paidFen: number }> {
  const [row] = await db.execute<{ held: string; paid: string }>(sql`
    SELECT COALESCE(SUM(amount_fen - clawed_back_fen) FILTER (WHERE status = 'held'), 0) AS held,
           COALESCE(SUM(amount_fen - clawed_back_fen) FILTER (WHERE status = 'released'), 0) AS paid
    FROM commissions WHERE beneficiary_id = ${userId}`);
  return { heldFen: Number(row?.held ?? 0), paidFen: Number(row?.paid ?? 0) };
}

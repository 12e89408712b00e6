import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { commissions, orders } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { postTransfers, type TransferInput } from "../ledger";
import { readSetting } from "../settings/platform-settings";
import { validReferrers } from "../referrals/valid-referrers";
import { appendOrderEvent } from "./order-events";
import type { OrderRow } from "./lock-order";
import { commissionFor, mallPointsFor } from "./store-math";
import { commissionHoldKey } from "../referrals/referral-kinds";

const DAY_MS = 86_400_000;

/**
 * What follows once a store order's money is in (cash paid at checkout, or a gateway capture): the
 * order turns `paid`, the buyer earns mall points on the money part (not the voucher part), and the
 * buyer's L1 and L2 — if valid promoters now — get a referral commission, held in `commission_hold`
 * until the hold period ends (released by the `store.commissions` job, clawed back by a refund).
 * Keys derive from the order id, so a second call posts nothing twice.
 */
export async function completeOrderPayment(tx: DbOrTx, clock: Clock, order: OrderRow): Promise<void> {
  const settings = await readSetting(tx, "store");
  const now = clock.now();
  const ref = { type: "order", id: order.id };
  const transfers: TransferInput[] = [];
  const points = mallPointsFor(order.cashFen, settings.mallPointsPerYuanBp);
  if (points > 0) {
    transfers.push({ key: `order:${order.id}:points`, asset: "mallPoints", from: { platform: "rewards_expense" }, to: { userId: order.userId }, amount: points, reason: "store.points", ref });
  }

  const levels = await validReferrers(tx, clock, order.userId);
  const held: (typeof commissions.$inferInsert)[] = [];
  levels.forEach((beneficiaryId, i) => {
    const level = i === 0 ? 1 : 2;
    const ratioBp = level === 1 ? settings.commissionL1Bp : settings.commissionL2Bp;
    const amountFen = beneficiaryId ? commissionFor(order.cashFen, ratioBp) : 0;
    if (!beneficiaryId || amountFen <= 0) return;
    held.push({ orderId: order.id, beneficiaryId, level, ratioBp, amountFen, releaseAt: new Date(now.getTime() + settings.commissionHoldDays * DAY_MS), createdAt: now });
    transfers.push({ key: commissionHoldKey(order.id, level), asset: "cash", from: { platform: "rewards_expense" }, to: { platform: "commission_hold" }, amount: amountFen, reason: `store.commission.L${level}.hold`, ref });
  });
  if (held.length > 0) await tx.insert(commissions).values(held).onConflictDoNothing();
  await postTransfers(tx, clock, transfers);
  await tx.update(orders).set({ status: "paid", paidAt: now, mallPointsEarned: points }).where(eq(orders.id, order.id));
  await appendOrderEvent(tx, clock, order.id, "paid", order.userId, { cashFen: order.cashFen, voucherFen: order.voucherFen, points });
}

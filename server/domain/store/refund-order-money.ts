import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { commissions, orders, orderEvents, type PaymentProviderName } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { fenToYuanText } from "../shared/money";
import { postTransfers, readUserBalances, type TransferInput } from "../ledger";
import { notifyUsers, type Notice } from "../groups/notify-group-event";
import { readSetting } from "../settings/platform-settings";
import type { OrderRow } from "./lock-order";
import { commissionFor, mallPointsFor, splitRefund } from "./store-math";
import { openProviderRefund, providerHolding } from "../wallet/provider-refunds";
import { uuidFromKey } from "../shared/uuid-from-key";

export interface RefundOutcome {
  cashFen: number;
  voucherFen: number;
  points: number;
  replayed: boolean;
  /** The cash part's refund through the provider that collected it (submitted after the commit), if any. */
  providerRefund: { id: string; provider: PaymentProviderName } | null;
}

/**
 * Returns `amountFen` of a locked store order's money to where it came from (cash to cash, the
 * voucher part to vouchers; never above what is left), takes back the mall points earned on the
 * refunded money (as far as the buyer still has them), and claws back held referral commission in
 * proportion. `refundId` is the idempotency key: the same refund asked twice changes nothing.
 */
export async function refundOrderMoney(tx: DbOrTx, clock: Clock, order: OrderRow, input: { refundId: string; amountFen: number; actorId: string; note?: string }): Promise<RefundOutcome> {
  const [done] = await tx
    .select({ detail: orderEvents.detail })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, "refund"), sql`${orderEvents.detail}->>'refundId' = ${input.refundId}`));
  if (done) {
    const d = done.detail as { cashFen: number; voucherFen: number; points: number; amountFen: number };
    if (d.amountFen !== input.amountFen) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: input.refundId });
    return { cashFen: d.cashFen, voucherFen: d.voucherFen, points: d.points, replayed: true, providerRefund: null };
  }

  const leftFen = order.cashFen + order.voucherFen - order.refundedCashFen - order.refundedVoucherFen;
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new DomainError("BAD_INPUT", { field: "amountFen" });
  if (input.amountFen > leftFen) throw new DomainError("REFUND_EXCEEDS_PAID", { max: fenToYuanText(leftFen) });
  const part = splitRefund(
    { cashFen: order.cashFen, voucherFen: order.voucherFen },
    { cashFen: order.refundedCashFen, voucherFen: order.refundedVoucherFen },
    input.amountFen,
  );
  const refundedCash = order.refundedCashFen + part.cashFen;
  const key = `order:${order.id}:refund:${input.refundId}`;
  const ref = { type: "order", id: order.id };
  const transfers: TransferInput[] = [];
  // Cash collected by Alipay or WeChat Pay goes back the way it came (through the provider); any other cash, to the wallet.
  const holder = part.cashFen > 0 ? await providerHolding(tx, order.paymentOrderId) : null;
  const providerRefund = holder ? { id: uuidFromKey(key), provider: holder.provider } : null;
  if (part.cashFen > 0) {
    transfers.push(
      holder
        ? { key: `${key}:cash`, asset: "cash", from: { platform: "store_revenue" }, to: { platform: "gateway_refunds" }, amount: part.cashFen, reason: "store.refund.gateway", ref }
        : { key: `${key}:cash`, asset: "cash", from: { platform: "store_revenue" }, to: { userId: order.userId }, amount: part.cashFen, reason: "store.refund.cash", ref },
    );
  }
  if (part.voucherFen > 0) transfers.push({ key: `${key}:voucher`, asset: "voucher", from: { platform: "store_revenue" }, to: { userId: order.userId }, amount: part.voucherFen, reason: "store.refund.voucher", ref });

  // Points earned on money that is given back: owed back, up to what the buyer still holds.
  const settings = await readSetting(tx, "store");
  const owed = Math.max(0, order.mallPointsEarned - order.mallPointsClawedBack - mallPointsFor(order.cashFen - refundedCash, settings.mallPointsPerYuanBp));
  const points = owed > 0 ? Math.min(owed, (await readUserBalances(tx, order.userId)).mallPoints) : 0;
  if (points > 0) transfers.push({ key: `${key}:points`, asset: "mallPoints", from: { userId: order.userId }, to: { platform: "rewards_expense" }, amount: points, reason: "store.refund.points", ref });

  // Commission still held (inside its hold period) shrinks to what the remaining money earns.
  const now = clock.now();
  const notices: Notice[] = [];
  const held = await tx.select().from(commissions).where(and(eq(commissions.orderId, order.id), eq(commissions.status, "held"))).orderBy(commissions.level).for("update");
  for (const c of held) {
    if (c.releaseAt <= now) continue;
    const claw = c.amountFen - c.clawedBackFen - commissionFor(order.cashFen - refundedCash, c.ratioBp);
    if (claw <= 0) continue;
    transfers.push({ key: `${key}:commission.L${c.level}`, asset: "cash", from: { platform: "commission_hold" }, to: { platform: "rewards_expense" }, amount: claw, reason: `store.commission.L${c.level}.clawback`, ref });
    const clawed = c.clawedBackFen + claw;
    notices.push({ userId: c.beneficiaryId, kind: "commission.clawed_back", refId: `${c.id}:${input.refundId}`, payload: { orderId: order.id, level: c.level, amountFen: claw } });
    await tx.update(commissions).set({ clawedBackFen: clawed, ...(clawed === c.amountFen ? { status: "clawed_back" as const, settledAt: now } : {}) }).where(eq(commissions.id, c.id));
  }

  await postTransfers(tx, clock, transfers);
  if (holder && providerRefund) {
    await openProviderRefund(tx, clock, { id: providerRefund.id, provider: holder.provider, paymentOrderId: holder.paymentOrderId, userId: order.userId, orderId: order.id, orderRefundId: input.refundId, amountFen: part.cashFen });
  }
  // The referrers whose held commission shrank are told, with the amount taken back.
  await notifyUsers(tx, clock, notices);
  const refundedVoucher = order.refundedVoucherFen + part.voucherFen;
  const full = refundedCash === order.cashFen && refundedVoucher === order.voucherFen;
  await tx
    .update(orders)
    .set({ refundedCashFen: refundedCash, refundedVoucherFen: refundedVoucher, refundCount: order.refundCount + 1, mallPointsClawedBack: order.mallPointsClawedBack + points })
    .where(eq(orders.id, order.id));
  await tx.insert(orderEvents).values({
    orderId: order.id,
    kind: "refund",
    actorId: input.actorId,
    detail: { refundId: input.refundId, amountFen: input.amountFen, cashFen: part.cashFen, voucherFen: part.voucherFen, points, full, note: input.note ?? null },
    createdAt: now,
  });
  return { ...part, points, replayed: false, providerRefund };
}

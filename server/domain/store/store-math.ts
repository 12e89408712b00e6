import { applyRatioBp, pointsPerYuan } from "../shared/money";

/**
 * The store's money rules in one place, pure (table tests and fast-check properties pin them).
 * Amounts are integer fen; ratios are basis points, rounded down once.
 */

/** Mall points for money paid (spec §6: 1 point per yuan by default; the voucher part earns none). */
export function mallPointsFor(moneyFen: number, pointsPerYuanBp: number): number {
  return pointsPerYuan(moneyFen, pointsPerYuanBp);
}

/** Referral commission on the money part of a store purchase, rounded down; the remainder stays with the platform. */
export function commissionFor(moneyFen: number, ratioBp: number): number {
  return applyRatioBp(moneyFen, ratioBp);
}

export interface PaidParts {
  cashFen: number;
  voucherFen: number;
}

/**
 * Splits a refund of `amountFen` between the sources it was paid from, in proportion to what each
 * paid: after the refund, the voucher part refunded in total is ⌊refunded × voucher / paid⌋ (all of
 * it once everything is refunded), and the cash part is the rest. Computed on cumulative totals so
 * that partial refunds add up to exactly the full refund. Throws when `amountFen` exceeds what is left.
 */
export function splitRefund(paid: PaidParts, refunded: PaidParts, amountFen: number): PaidParts {
  const paidTotal = paid.cashFen + paid.voucherFen;
  const refundedTotal = refunded.cashFen + refunded.voucherFen;
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || refundedTotal + amountFen > paidTotal) throw new RangeError("refund above what is left");
  const after = refundedTotal + amountFen;
  const voucherAfter = after === paidTotal ? paid.voucherFen : Math.floor((after * paid.voucherFen) / paidTotal);
  // Never take back less voucher than was already returned (monotone), never more than was paid.
  const voucherTarget = Math.min(paid.voucherFen, Math.max(refunded.voucherFen, voucherAfter));
  let voucherFen = voucherTarget - refunded.voucherFen;
  let cashFen = amountFen - voucherFen;
  const cashRoom = paid.cashFen - refunded.cashFen;
  if (cashFen > cashRoom) {
    voucherFen += cashFen - cashRoom;
    cashFen = cashRoom;
  }
  return { cashFen, voucherFen };
}

/** Cash and voucher parts of an order total: the voucher covers at most the total; cash pays the rest. */
export function splitPayment(totalFen: number, voucherFen: number): PaidParts {
  return { voucherFen, cashFen: totalFen - voucherFen };
}

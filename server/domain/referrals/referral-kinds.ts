/**
 * What a promoter earns from their downline (spec §2, §6), by the ledger reason that pays it into
 * their cash wallet. Store commission also has a held stage (`commissions` rows, money parked in the
 * platform's `commission_hold` account) before it is paid or clawed back.
 */
export const EARNING_KINDS = ["release", "ads", "store"] as const;
export type EarningKind = (typeof EARNING_KINDS)[number];
export type ReferralLevel = 1 | 2;

/** The ledger reasons that credit a referrer's cash, with the kind and level each one pays. */
export const PAID_REASONS: Record<string, { kind: EarningKind; level: ReferralLevel }> = {
  "draw.R-L1.cash": { kind: "release", level: 1 },
  "draw.R-L2.cash": { kind: "release", level: 2 },
  "ads.commission.L1": { kind: "ads", level: 1 },
  "ads.commission.L2": { kind: "ads", level: 2 },
  "store.commission.L1": { kind: "store", level: 1 },
  "store.commission.L2": { kind: "store", level: 2 },
};

/** The ledger key that parks a store commission in `commission_hold` (complete-order-payment.ts). */
export function commissionHoldKey(orderId: string, level: ReferralLevel): string {
  return `order:${orderId}:commission.L${level}.hold`;
}

import { formatFen } from "../money/format-fen";
import { destinationText, type MaskedDestinationView } from "../wallet/destination-text";
import { payoutFailureText } from "../wallet/payout-failure-text";

type Translate = (key: string, values?: Record<string, string | number>) => string;

export interface MoneyNoticePayload {
  amountFen?: number;
  destination?: MaskedDestinationView | null;
  reason?: string | null;
  /** Our code for a failed payout's reason (`server/domain/payouts/payout-failure.ts`). */
  reasonCode?: string | null;
  orderId?: string;
  carrier?: string;
  trackingNo?: string;
  level?: number;
  /** A refund returned to cash: the order's first line and its number of lines; what the payment was for. */
  itemName?: string | null;
  itemCount?: number;
  purpose?: string;
}

/**
 * Title and body of the withdrawal, shipping, commission and failed-refund notices in the reader's language (the
 * payload holds data, not words). `t` reads `notifications`, `pa` `payoutAccounts`, `bank` `payoutBanks`,
 * `tf` `payoutFailures` (a failed payout's reason, translated when the provider gave a code).
 * Null for any other kind.
 */
export function moneyNoticeText(kind: string, p: MoneyNoticePayload, t: Translate, pa: Translate, bank: Translate, tf: Translate): { title: string; body: string; tone: "good" | "bad" | "info" } | null {
  const amount = formatFen(p.amountFen ?? 0);
  const destination = p.destination ? destinationText(p.destination, pa, bank) : "—";
  const reason = payoutFailureText(p.reasonCode, p.reason, tf);
  const level = t(p.level === 2 ? "levelL2" : "levelL1");
  switch (kind) {
    case "withdrawal.approved":
      return { title: t("withdrawalApprovedTitle"), body: t("withdrawalApprovedBody", { amount, destination }), tone: "info" };
    case "withdrawal.rejected":
      return { title: t("withdrawalRejectedTitle"), body: t("withdrawalRejectedBody", { amount, reason }), tone: "bad" };
    case "withdrawal.paid":
      return { title: t("withdrawalPaidTitle"), body: t("withdrawalPaidBody", { amount, destination }), tone: "good" };
    case "withdrawal.failed":
      return { title: t("withdrawalFailedTitle"), body: t("withdrawalFailedBody", { amount, destination, reason }), tone: "bad" };
    case "order.shipped":
      return { title: t("orderShippedTitle"), body: t("orderShippedBody", { carrier: p.carrier ?? "—", trackingNo: p.trackingNo ?? "—" }), tone: "info" };
    case "commission.released":
      return { title: t("commissionReleasedTitle"), body: t("commissionReleasedBody", { amount, level }), tone: "good" };
    case "commission.clawed_back":
      return { title: t("commissionClawedBackTitle"), body: t("commissionClawedBackBody", { amount, level }), tone: "bad" };
    case "refund.returned_to_cash": {
      const subject = p.itemName
        ? (p.itemCount ?? 1) > 1
          ? t("refundSubjectItems", { item: p.itemName, count: p.itemCount ?? 1, others: (p.itemCount ?? 1) - 1 })
          : t("refundSubjectItem", { item: p.itemName })
        : t(p.purpose === "group_join" ? "refundSubjectJoin" : p.purpose === "store_order" ? "refundSubjectOrder" : "refundSubjectTopup");
      const body = p.reason ? t("refundReturnedBodyReason", { subject, amount, reason: p.reason }) : t("refundReturnedBody", { subject, amount });
      return { title: t("refundReturnedTitle"), body, tone: "bad" };
    }
    default:
      return null;
  }
}

/** Where tapping the notice goes. */
export function moneyNoticeHref(kind: string, p: MoneyNoticePayload): string | null {
  if (kind.startsWith("withdrawal.")) return "/wallet/withdraw";
  if (kind === "order.shipped" && p.orderId) return `/orders/${p.orderId}`;
  if (kind.startsWith("commission.")) return "/referral";
  if (kind === "refund.returned_to_cash") return p.orderId ? `/orders/${p.orderId}` : "/wallet";
  return null;
}

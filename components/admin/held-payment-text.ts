import type { useTranslations } from "next-intl";
import type { ReviewCode, ReviewParams } from "@/db/schema";
import { formatFen } from "../money/format-fen";
import { formatMinorUnits } from "../money/format-minor-units";

type PaymentsT = ReturnType<typeof useTranslations<"admin.payments">>;
type Held = { amountFen: number; reviewCode: ReviewCode | null; reviewParams: ReviewParams | null };

/** What the gateway reported for a held payment, in minor units of its currency (null if unknown). */
export function reportedAmount(p: Held): { amount: number; currency: string } | null {
  const r = p.reviewParams;
  return r && typeof r.reportedAmount === "number" && r.reportedCurrency ? { amount: r.reportedAmount, currency: r.reportedCurrency } : null;
}

/** Why a payment is held, in the reader's language, amounts in yuan (or the reported currency). */
export function heldReasonText(t: PaymentsT, p: Held, locale: string): string {
  const reported = reportedAmount(p);
  const expected = formatFen(p.amountFen);
  if (p.reviewCode === "amount_mismatch" && reported) return t("reasons.amount_mismatch", { reported: formatMinorUnits(reported.amount, reported.currency, locale), expected });
  if (p.reviewCode === "currency_mismatch" && reported) {
    return t("reasons.currency_mismatch", { reported: formatMinorUnits(reported.amount, reported.currency, locale), currency: reported.currency, expected });
  }
  return t("reasons.legacy", { text: p.reviewParams?.text ?? "—" });
}

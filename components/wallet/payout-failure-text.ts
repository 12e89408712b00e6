import { useTranslations } from "next-intl";
import { isPayoutFailureCode } from "@/server/domain/payouts/payout-failure";

type Translate = (key: string, values?: Record<string, string | number>) => string;


/**
 * Why a payout failed, in the reader's language when the provider gave a code we know (`tf` reads the
 * `payoutFailures` namespace); otherwise the provider's own words, as stored.
 */
export function payoutFailureText(code: string | null | undefined, reason: string | null | undefined, tf: Translate): string {
  if (isPayoutFailureCode(code) && code !== "OTHER") return tf(code);
  return reason ?? "—";
}

/** `payoutFailureText` bound to the current locale's messages. */
export function usePayoutFailureText(): (code: string | null | undefined, reason: string | null | undefined) => string {
  const tf = useTranslations("payoutFailures");
  return (code, reason) => payoutFailureText(code, reason, tf as unknown as Translate);
}

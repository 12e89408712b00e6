/**
 * Why a payout failed, in our words: each provider's adapter maps the codes its documentation lists to
 * one of these, and every place that shows a failed withdrawal (the shopper's list, the notice, the
 * wallet history, the console) says it in the reader's language (`payoutFailures.<code>` in
 * messages/). A provider code we do not know maps to `OTHER`, shown with the provider's own words.
 */
export const PAYOUT_FAILURE_CODES = [
  /** The holder's name does not match the account's real-name record. */
  "PAYEE_NAME_MISMATCH",
  /** No such account (Alipay login id, openid). */
  "PAYEE_NOT_FOUND",
  /** The account cannot receive: frozen, closed, not verified, or barred by the provider's risk checks. */
  "PAYEE_ACCOUNT_RESTRICTED",
  /** The account has received as much as the provider allows for now (day, month, year). */
  "PAYEE_LIMIT_REACHED",
  /** The shopper did not accept the transfer in WeChat in time, or declined it. */
  "NOT_CONFIRMED",
  /** Our side could not pay (merchant balance, product not enabled, configuration): finance is told, the shopper may try again later. */
  "PLATFORM_UNAVAILABLE",
  "OTHER",
] as const;
export type PayoutFailureCode = (typeof PAYOUT_FAILURE_CODES)[number];

export function isPayoutFailureCode(code: unknown): code is PayoutFailureCode {
  return typeof code === "string" && (PAYOUT_FAILURE_CODES as readonly string[]).includes(code);
}

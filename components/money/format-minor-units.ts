import { formatFen } from "./format-fen";

/**
 * An amount a gateway reported, in minor units of its currency: yuan as everywhere else (formatFen),
 * any other currency in the reader's locale with that currency's own decimals (USD cents, JPY none).
 * A code that is not a currency prints as the raw figure and code, never throws.
 */
export function formatMinorUnits(amount: number, currency: string, locale: string): string {
  if (currency === "CNY") return formatFen(amount);
  try {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "code" }).format(amount / 10 ** digits);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * Money on a chart axis, compact in the reader's locale: ¥3.5M in English, ¥350万 in Chinese (Intl's
 * compact notation, so 万 / 亿 come from the locale, never from a hard-coded suffix). Axis labels only:
 * the exact amounts are in the numbers beside each chart (formatFen).
 */
export function formatCompactYuan(fen: number, locale: string): string {
  return compactYuanFormat(locale).format(fen / 100);
}

const formats = new Map<string, Intl.NumberFormat>();

function compactYuanFormat(locale: string): Intl.NumberFormat {
  let f = formats.get(locale);
  if (!f) {
    // narrowSymbol: "¥", not "CN¥" in English; no forced decimals: ¥12, not ¥12.0.
    f = new Intl.NumberFormat(locale, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol", notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 });
    formats.set(locale, f);
  }
  return f;
}

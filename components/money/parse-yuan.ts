/**
 * "12.3" → 1230 fen, by reading the digits, never by multiplying a float (0.29 * 100 = 28.999…).
 * Accepts an optional "¥", spaces and thousands commas; at most two decimals. Returns null for
 * anything else, including amounts past 10,000,000 yuan.
 */
export function parseYuanToFen(input: string): number | null {
  const s = input.replace(/[\s,，¥￥]/g, "");
  const m = /^(\d{1,8})(?:\.(\d{0,2}))?$/.exec(s) ?? /^()\.(\d{1,2})$/.exec(s);
  if (!m) return null;
  const yuan = Number(m[1] || "0");
  const cents = Number((m[2] ?? "").padEnd(2, "0"));
  return yuan * 100 + cents;
}

/** 1230 → "12.30": the inverse, for pre-filling inputs that take yuan. */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

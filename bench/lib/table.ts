/** A plain-text table with right-aligned numeric columns, for terminal output. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => cells.every((r) => /^[-+0-9.,x%]*$|^n\/a$/.test(r[i] ?? "")));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i > 0 && numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ");
  const line = widths.map((w) => "-".repeat(w)).join("-|-");
  return [fmt(headers), line, ...cells.map(fmt)].join("\n");
}

export function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

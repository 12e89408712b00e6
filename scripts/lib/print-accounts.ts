import type { DemoAccount } from "./database";

function noteOf(account: DemoAccount): string {
  return "note" in account && typeof account.note === "string" ? account.note : "";
}

/** The demo accounts as an aligned plain-text table (with a `note` column when the seed gives one). */
export function formatAccounts(accounts: readonly DemoAccount[]): string {
  const withNote = accounts.some((a) => noteOf(a) !== "");
  const header = ["role", "phone", "password", ...(withNote ? ["note"] : [])];
  const rows = accounts.map((a) => [a.role, a.phone, a.password, ...(withNote ? [noteOf(a)] : [])]);
  const widths = header.map((title, col) => Math.max(title.length, ...rows.map((r) => (r[col] ?? "").length)));
  const line = (cells: string[]) => `  ${cells.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join("   ")}`.trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

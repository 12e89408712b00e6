import type { AuditRow } from "./list-audit-log";

/** Excel reads a UTF-8 file as the system code page unless it starts with a byte order mark. */
export const CSV_BOM = "\uFEFF";

/**
 * One CSV cell (RFC 4180 quoting). A cell that a spreadsheet would run as a formula (starting with
 * = + - @, or a tab or carriage return before one) is prefixed with a single quote, so an operator's
 * text or a shopper's name can never become a formula in whoever opens the export.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const AUDIT_CSV_COLUMNS = ["id", "time", "actor_id", "actor_name", "actor_role", "action", "target_type", "target_id", "before", "after", "ip"] as const;

/** The rows as a CSV file: BOM, a header line, one line per row, CRLF line ends. */
export function auditCsv(rows: AuditRow[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push([r.id, r.createdAt, r.actorId, r.actorName, r.actorRole, r.action, r.targetType, r.targetId, r.before, r.after, r.ip].map(csvCell).join(","));
  }
  return CSV_BOM + lines.join("\r\n") + "\r\n";
}

import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { auditCsv } from "./audit-csv";
import { listAuditLog, type AuditFilters } from "./list-audit-log";
import { recordAudit, type Actor } from "./record-audit";

/** The most rows one export carries: narrower filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/**
 * The filtered audit log as CSV (newest first, at most AUDIT_EXPORT_MAX_ROWS rows). The export is an
 * operator action too: it is recorded, with its filters and row count, in the same transaction.
 */
export async function exportAuditLog(tx: DbOrTx, clock: Clock, actor: Actor, filters: AuditFilters): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const page = await listAuditLog(tx, { ...filters, limit: AUDIT_EXPORT_MAX_ROWS });
  await recordAudit(tx, clock, actor, { action: "audit.export", targetType: "audit_log", targetId: "export", after: { filters, rows: page.items.length } });
  return { csv: auditCsv(page.items), rows: page.items.length, truncated: page.nextCursor !== null };
}

import "server-only";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { businessDayBounds } from "../shared/business-day";
import { DomainError } from "../shared/errors";

export interface AuditFilters {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Business days (YYYY-MM-DD, Asia/Shanghai), both included. */
  from?: string;
  to?: string;
}

/** The WHERE of a filtered audit log; a day that is not a calendar day, or a range that ends before it starts, is refused. */
export function auditWhere(f: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.targetType) where.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) where.push(eq(auditLog.targetId, f.targetId.trim()));
  const from = f.from ? businessDayBounds(f.from) : undefined;
  const to = f.to ? businessDayBounds(f.to) : undefined;
  if (from === null || to === null || (from && to && to.end <= from.start)) throw new DomainError("AUDIT_BAD_RANGE");
  if (from) where.push(gte(auditLog.createdAt, from.start));
  if (to) where.push(lt(auditLog.createdAt, to.end));
  return where;
}

const columns = {
  id: auditLog.id,
  createdAt: auditLog.createdAt,
  actorId: auditLog.actorId,
  actorRole: auditLog.actorRole,
  actorName: sql<string | null>`${users.displayName}`,
  action: auditLog.action,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  before: auditLog.before,
  after: auditLog.after,
  ip: auditLog.ip,
};

/** The audit log, newest first, keyset-paged by id, filtered by operator, action, target and business days. */
export async function listAuditLog(tx: DbOrTx, input: AuditFilters & { beforeId?: number; limit: number }) {
  const where = auditWhere(input);
  if (input.beforeId) where.push(lt(auditLog.id, input.beforeId));
  const rows = await tx
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.id ?? null) : null };
}

export type AuditRow = Awaited<ReturnType<typeof listAuditLog>>["items"][number];

/** One audit row with its operator's name, for the detail view. */
export async function readAuditEntry(tx: DbOrTx, id: number): Promise<AuditRow> {
  const [row] = await tx.select(columns).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorId)).where(eq(auditLog.id, id));
  if (!row) throw new DomainError("NOT_FOUND");
  return row;
}

/** The operators who appear in the log (for the filter), and the actions recorded, each once. */
export async function auditFacets(tx: DbOrTx) {
  const actors = await tx.execute<{ id: string; display_name: string | null; role: string }>(sql`
    SELECT a.actor_id AS id, u.display_name, u.role FROM (SELECT DISTINCT actor_id FROM audit_log) a LEFT JOIN users u ON u.id = a.actor_id ORDER BY u.display_name`);
  const actions = await tx.execute<{ action: string }>(sql`SELECT DISTINCT action FROM audit_log ORDER BY action`);
  return { actors: actors.map((a) => ({ id: a.id, displayName: a.display_name ?? a.id.slice(0, 8), role: a.role })), actions: actions.map((a) => a.action) };
}

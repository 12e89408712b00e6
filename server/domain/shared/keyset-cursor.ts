import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { DomainError } from "./errors";

/**
 * Keyset paging over (created_at, id), newest first. The id breaks ties, so rows sharing a
 * timestamp are neither skipped nor repeated. The cursor is opaque to clients: "<iso>|<id>".
 */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return `${row.createdAt.toISOString()}|${row.id}`;
}

export function cursorBefore(cursor: string | undefined, createdAt: AnyColumn, id: AnyColumn): SQL | undefined {
  if (!cursor) return undefined;
  const [iso, key] = cursor.split("|");
  const at = new Date(iso ?? "");
  if (!key || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(key)) throw new DomainError("BAD_INPUT", { field: "cursor" });
  return sql`(${createdAt}, ${id}) < (${at.toISOString()}::timestamptz, ${key}::uuid)`;
}

/** The page and the cursor of the next one (null when this is the last). */
export function keysetPage<T extends { createdAt: Date; id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

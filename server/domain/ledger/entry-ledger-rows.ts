import "server-only";
import { sql, type SQL } from "drizzle-orm";

/**
 * The condition "ledger row `le` belongs to group entry `entryId`" (an SQL expression of the entry's
 * id, a column or a parameter), by key: a join's payment is `join:<id>:pay`, and everything its draw
 * or dissolution moves is `entry:<id>:<code>`. The keys sort bytewise (COLLATE "C", migration 0017),
 * so the `entry:<id>:` prefix is a range of the unique index on keys; ':' and ';' are adjacent bytes.
 * Entry ids are UUIDs, all of one length: no id's prefix range holds another id's keys.
 */
export function isEntryLedgerRow(le: SQL, entryId: SQL): SQL {
  return sql`(${le}.idempotency_key = 'join:' || ${entryId} || ':pay'
    OR (${le}.idempotency_key >= 'entry:' || ${entryId} || ':' AND ${le}.idempotency_key < 'entry:' || ${entryId} || ';'))`;
}

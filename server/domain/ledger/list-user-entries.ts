import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";

export interface UserEntry {
  id: number;
  asset: Asset;
  /** Signed from the user's side: positive arrives, negative leaves. */
  amount: number;
  reason: string;
  refType: string;
  refId: string;
  /** The operator's words for a manual adjustment (shown to the shopper with the entry); null otherwise. */
  note: string | null;
  createdAt: Date;
}

/** One page of a user's entries, newest first, keyset-paged by entry id. */
export async function listUserEntries(
  tx: DbOrTx,
  input: { userId: string; asset?: Asset; beforeId?: number; limit: number },
): Promise<{ items: UserEntry[]; nextCursor: number | null }> {
  const before = input.beforeId ?? Number.MAX_SAFE_INTEGER;
  const assetFilter = input.asset ? sql`AND asset = ${input.asset}` : sql``;
  const rows = await tx.execute<{ id: string; asset: Asset; amount: string; reason: string; ref_type: string; ref_id: string; note: string | null; created_at: string }>(sql`
    WITH mine AS (SELECT id FROM ledger_accounts WHERE user_id = ${input.userId} ${assetFilter})
    SELECT x.*, m.reason AS note FROM (
      SELECT e.id, e.asset, -e.amount AS amount, e.reason, e.ref_type, e.ref_id, e.created_at
        FROM ledger_entries e WHERE e.from_account_id IN (SELECT id FROM mine) AND e.id < ${before}
      UNION ALL
      SELECT e.id, e.asset, e.amount, e.reason, e.ref_type, e.ref_id, e.created_at
        FROM ledger_entries e WHERE e.to_account_id IN (SELECT id FROM mine) AND e.id < ${before}
    ) x
    LEFT JOIN manual_adjustments m ON m.id = CASE WHEN x.ref_type = 'manual_adjustment' THEN x.ref_id::uuid END
    ORDER BY x.id DESC LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit).map((r) => ({
    id: Number(r.id),
    asset: r.asset,
    amount: Number(r.amount),
    reason: r.reason,
    refType: r.ref_type,
    refId: r.ref_id,
    note: r.note,
    createdAt: new Date(r.created_at),
  }));
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.id ?? null) : null };
}

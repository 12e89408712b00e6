import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export interface LedgerViolation {
  kind: "asset_not_zero" | "balance_mismatch" | "negative_user_balance";
  detail: string;
}

/**
 * The ledger's invariants, checked in SQL over the whole database: every asset sums to zero,
 * every running balance (users', advertisers') equals the sum of its entries, and none is below zero.
 */
export async function checkLedgerInvariants(tx: DbOrTx): Promise<LedgerViolation[]> {
  const rows = await tx.execute<{ kind: LedgerViolation["kind"]; detail: string }>(sql`
    WITH flows AS (
      SELECT to_account_id AS id, amount FROM ledger_entries
      UNION ALL SELECT from_account_id, -amount FROM ledger_entries
    ), derived AS (
      SELECT a.id, a.asset, a.platform_name, a.balance, COALESCE(SUM(f.amount), 0) AS sum
      FROM ledger_accounts a LEFT JOIN flows f ON f.id = a.id GROUP BY a.id
    )
    SELECT 'asset_not_zero' AS kind, asset || ' sums to ' || SUM(sum) AS detail FROM derived GROUP BY asset HAVING SUM(sum) <> 0
    UNION ALL
    SELECT 'balance_mismatch', 'account ' || id || ' balance ' || balance || ' entries ' || sum FROM derived WHERE platform_name IS NULL AND balance <> sum
    UNION ALL
    SELECT 'negative_user_balance', 'account ' || id || ' balance ' || balance FROM derived WHERE platform_name IS NULL AND balance < 0`);
  return rows.map((r) => ({ kind: r.kind, detail: r.detail }));
}

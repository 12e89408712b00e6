import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { POOL_ACCOUNT } from "./pool-accounts";

/**
 * The pool's invariants: all holdings sum to the `dividend_pool` account's derived divPoints
 * balance, and each holding equals that user's moves in minus moves out. Returns the violations.
 */
export async function checkPoolInvariants(tx: DbOrTx): Promise<string[]> {
  const rows = await tx.execute<{ detail: string }>(sql`
    WITH acct AS (SELECT id FROM ledger_accounts WHERE platform_name = ${POOL_ACCOUNT} AND asset = 'divPoints'),
    ledger AS (
      SELECT COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE to_account_id IN (SELECT id FROM acct)), 0)
           - COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE from_account_id IN (SELECT id FROM acct)), 0) AS points
    ),
    held AS (SELECT COALESCE(SUM(points), 0) AS points FROM pool_holdings),
    moves AS (SELECT user_id, SUM(CASE direction WHEN 'in' THEN points ELSE -points END) AS points FROM pool_moves GROUP BY user_id)
    SELECT 'pool account ' || l.points || ' <> holdings ' || h.points AS detail FROM ledger l, held h WHERE l.points <> h.points
    UNION ALL
    SELECT 'user ' || COALESCE(m.user_id, ph.user_id) || ' holds ' || COALESCE(ph.points, 0) || ' moved ' || COALESCE(m.points, 0)
    FROM moves m FULL JOIN pool_holdings ph ON ph.user_id = m.user_id WHERE COALESCE(m.points, 0) <> COALESCE(ph.points, 0)`);
  return rows.map((r) => r.detail);
}

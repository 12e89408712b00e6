import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";
import { ADVERTISER, applyFlows, balanceKey, USER, readLedgerFlows } from "./ledger-flows";

/**
 * Users' and advertisers' running balances (ledger_accounts.balance) summed per asset, as of
 * `asOf`: today's sums minus what entries made after `asOf` moved. Reads every account (a scan),
 * so it runs in the nightly snapshot and on an operator's request, never on a dashboard load.
 * Call inside a REPEATABLE READ transaction so the sums and the later entries are one snapshot.
 */
export async function readRunningBalances(tx: DbOrTx, asOf: Date | null): Promise<Map<string, number>> {
  const rows = await tx.execute<{ asset: Asset; holder: string; sum: string }>(sql`
    SELECT asset, CASE WHEN user_id IS NOT NULL THEN 'user' ELSE 'advertiser' END AS holder, SUM(balance)::text AS sum
    FROM ledger_accounts WHERE platform_name IS NULL GROUP BY 1, 2`);
  const now = new Map(rows.map((r) => [balanceKey(r.asset, r.holder), Number(r.sum)]));
  if (!asOf) return now;
  // Undo the later entries: applying them negated takes each running sum back to asOf.
  const later = await readLedgerFlows(tx, { start: asOf, end: null });
  const undone = applyFlows(now, later.map((f) => ({ ...f, amount: -f.amount })));
  return new Map([...undone].filter(([key]) => key.endsWith(`|${USER}`) || key.endsWith(`|${ADVERTISER}`)));
}

import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * For the rest of the transaction, the planner prefers index probes to scans: sequential scans, hash
 * and merge joins are priced out (set_config … is_local, so the transaction's end resets them).
 *
 * For the join and draw transactions, whose every statement reads or writes a small keyed set (a
 * batch's shoppers, a few groups' entries, their accounts). The planner would otherwise pick by the
 * table statistics, and on tables that grow fast those lag: a hot activity's entries went from 200 to
 * 20,000 rows within a 10 s benchmark run while its cached plans still scanned them, 15 M rows read in
 * 8 s. Probes grow with the set, scans with the table. (The settlement jobs, whose sets are large, use
 * ledger/with-index-probes.ts around single statements instead.)
 */
export const PREFER_INDEX_PROBES = sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`;

export async function preferIndexProbes(tx: DbOrTx): Promise<void> {
  await tx.execute(PREFER_INDEX_PROBES);
}

import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** set_config(…, is_local): a setting for the rest of the transaction (or until set again). */
const plannerSettings = (settings: Record<string, "on" | "off">): SQL =>
  sql.join(
    Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`),
    sql`, `,
  );

/**
 * For the rest of the transaction, the planner prefers index probes to scans: sequential scans, hash
 * and merge joins are priced out (the transaction's end resets them).
 *
 * For the join and draw transactions, whose every statement reads or writes a small keyed set (a
 * batch's shoppers, a few groups' entries, their accounts). The planner would otherwise pick by the
 * table statistics, and on tables that grow fast those lag: a hot activity's entries went from 200 to
 * 20,000 rows within a 10 s benchmark run while its cached plans still scanned them, 15 M rows read in
 * 8 s. Probes grow with the set, scans with the table.
 */
export const PREFER_INDEX_PROBES = sql`SELECT ${plannerSettings({ enable_seqscan: "off", enable_hashjoin: "off", enable_mergejoin: "off" })}`;

export async function preferIndexProbes(tx: DbOrTx): Promise<void> {
  await tx.execute(PREFER_INDEX_PROBES);
}

/**
 * Runs `work` with hash and merge joins switched off, and back on after, so a join of a set of
 * accounts to ledger_accounts probes the indexes once per row of the set (the settlement jobs, whose
 * sets are large, around single statements). The planner prices 100,000 probes above one scan of every
 * account, but a scan grows with the whole ledger and the probes only with the set (measured: ~0.4 s
 * a scan of 2M accounts, ~0.1 s for 100k probes). On an error the enclosing transaction or savepoint
 * rolls back and takes the settings with it.
 */
export async function withIndexProbes<T>(tx: DbOrTx, work: () => Promise<T>): Promise<T> {
  await tx.execute(sql`SELECT ${plannerSettings({ enable_hashjoin: "off", enable_mergejoin: "off" })}`);
  const out = await work();
  await tx.execute(sql`SELECT ${plannerSettings({ enable_hashjoin: "on", enable_mergejoin: "on" })}`);
  return out;
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { derivedDayBounds } from "../shared/business-day";
import { applyFlows, readLedgerFlows } from "./ledger-flows";
import { reconcile, type Reconciliation } from "./liabilities";
import { readRunningBalances } from "./running-balances";
import { readStoredFlows } from "./read-dashboard";
import { nextDay, readSnapshotBalances } from "./take-snapshots";

/**
 * The reconciliation as of now, on an operator's request: the last snapshot's balances plus every
 * entry since, against every account's running balance (a scan of the accounts: seconds at a
 * million users, which is why the dashboard shows the nightly one by default). Run it in a
 * REPEATABLE READ transaction so balances and entries are one snapshot of the database.
 */
export async function reconcileNow(tx: DbOrTx, clock: Clock): Promise<Reconciliation & { at: Date }> {
  const [row] = await tx.execute<{ day: string | null }>(sql`SELECT max(day)::text AS day FROM dashboard_days`);
  const last = row?.day ?? null;
  const base = last ? (await readSnapshotBalances(tx, last)).balances : new Map<string, number>();
  const tail = await readLedgerFlows(tx, { start: last ? derivedDayBounds(nextDay(last)).start : null, end: null });
  const storedCash = last ? await readStoredFlows(tx, null, last, "cash") : [];
  const running = await readRunningBalances(tx, null);
  return { at: clock.now(), ...reconcile(applyFlows(base, tail), running, [...storedCash, ...tail]) };
}

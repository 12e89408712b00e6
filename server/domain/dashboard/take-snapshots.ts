import "server-only";
import { addDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import type { Asset } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { businessDay, businessDayBounds } from "../shared/business-day";
import { pgCode } from "../shared/errors";
import { previousBusinessDay } from "../settlement/previous-business-day";
import { COUNT_METRICS, readDayCounts } from "./day-counts";
import { applyFlows, readLedgerFlows } from "./ledger-flows";
import { readRunningBalances } from "./running-balances";

/** The calendar day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  return format(addDays(parseISO(day), 1), "yyyy-MM-dd");
}

/** Balances (asset|holder → amount) at the end of `day` as stored by its snapshot. */
export async function readSnapshotBalances(tx: DbOrTx, day: string): Promise<{ balances: Map<string, number>; running: Map<string, number> }> {
  const rows = await tx.execute<{ asset: Asset; holder: string; balance: string; running: string | null }>(sql`
    SELECT asset, holder, balance::text, running::text FROM dashboard_balances WHERE day = ${day}::date`);
  const balances = new Map(rows.map((r) => [`${r.asset}|${r.holder}`, Number(r.balance)]));
  const running = new Map(rows.filter((r) => r.running !== null).map((r) => [`${r.asset}|${r.holder}`, Number(r.running)]));
  return { balances, running };
}

/**
 * The nightly snapshot (a pg-boss job, like the settlement runs): every closed business day after
 * the last one taken, up to yesterday (or `through`), in order, each in its own transaction.
 * Idempotent: a day's row in dashboard_days is inserted first (ON CONFLICT DO NOTHING), so a
 * second run, or a second worker, which waits on that key until the first commits, writes nothing.
 * Before it reads, it waits out every transaction still writing the ledger (a SHARE lock taken and
 * released at once), so entries stamped before midnight and still committing are in.
 */
export async function takeDashboardSnapshots(db: Db, clock: Clock, options: { through?: string } = {}): Promise<{ written: string[] }> {
  const now = clock.now();
  const yesterday = previousBusinessDay(now);
  const through = options.through && options.through < yesterday ? options.through : yesterday;
  const [last] = await db.execute<{ day: string | null }>(sql`SELECT max(day)::text AS day FROM dashboard_days`);
  let day = last?.day ? nextDay(last.day) : await firstLedgerDay(db, through);
  const written: string[] = [];
  if (day > through) return { written };
  await db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ledger_entries IN SHARE MODE`);
  });
  for (; day <= through; day = nextDay(day)) {
    const d = day;
    // Running balances are "now" minus later entries: cheap for the day just ended, so recorded then.
    const wrote = await db.transaction((tx) => snapshotDay(tx, now, d, d === yesterday), { isolationLevel: "repeatable read" }).catch(async (e: unknown) => {
      // A worker that claimed the day after this transaction's snapshot was taken makes the claim a
      // serialization failure rather than a conflict: the day is theirs, unless it is not there at all.
      if (pgCode(e) !== "40001") throw e;
      const [taken] = await db.execute(sql`SELECT 1 FROM dashboard_days WHERE day = ${d}::date`);
      if (!taken) throw e;
      return false;
    });
    if (wrote) written.push(d);
  }
  return { written };
}

/** The business day of the ledger's first entry, or `fallback` for an empty ledger (one scan, on the first run only). */
async function firstLedgerDay(db: Db, fallback: string): Promise<string> {
  const [row] = await db.execute<{ first: string | null }>(sql`SELECT min(created_at)::text AS first FROM ledger_entries`);
  return row?.first ? businessDay(new Date(row.first)) : fallback;
}

async function snapshotDay(tx: DbOrTx, now: Date, day: string, withRunning: boolean): Promise<boolean> {
  const bounds = businessDayBounds(day);
  if (!bounds) throw new Error(`not a business day: ${day}`);
  const claimed = await tx.execute(sql`
    INSERT INTO dashboard_days (day, taken_at, with_running) VALUES (${day}::date, ${now.toISOString()}::timestamptz, ${withRunning ? "yes" : "no"})
    ON CONFLICT (day) DO NOTHING RETURNING day`);
  if (claimed.length === 0) return false;

  const [prevDay] = await tx.execute<{ day: string | null }>(sql`SELECT max(day)::text AS day FROM dashboard_days WHERE day < ${day}::date`);
  // The first snapshot starts from every entry before it (none, normally: it is the ledger's first day).
  const previous = prevDay?.day ? (await readSnapshotBalances(tx, prevDay.day)).balances : applyFlows(new Map(), await readLedgerFlows(tx, { start: null, end: bounds.start }));
  const flows = await readLedgerFlows(tx, bounds);
  const balances = applyFlows(previous, flows);
  const running = withRunning ? await readRunningBalances(tx, bounds.end) : new Map<string, number>();

  if (flows.length > 0) {
    await tx.execute(sql`
      INSERT INTO dashboard_flows (day, asset, reason, from_holder, to_holder, entries, amount)
      SELECT ${day}::date, * FROM unnest(${pgArray(flows.map((f) => f.asset))}::text[], ${pgArray(flows.map((f) => f.reason))}::text[],
        ${pgArray(flows.map((f) => f.fromHolder))}::text[], ${pgArray(flows.map((f) => f.toHolder))}::text[],
        ${pgArray(flows.map((f) => f.entries))}::int[], ${pgArray(flows.map((f) => f.amount))}::bigint[])`);
  }
  const keys = [...new Set([...balances.keys(), ...running.keys()])];
  if (keys.length > 0) {
    await tx.execute(sql`
      INSERT INTO dashboard_balances (day, asset, holder, balance, running)
      SELECT ${day}::date, * FROM unnest(${pgArray(keys.map((k) => k.split("|")[0]))}::text[], ${pgArray(keys.map((k) => k.split("|")[1]))}::text[],
        ${pgArray(keys.map((k) => balances.get(k) ?? 0))}::bigint[], ${pgArray(keys.map((k) => running.get(k) ?? null))}::bigint[])`);
  }
  const counts = (await readDayCounts(tx, { fromDay: day, toDay: day, ...bounds })).get(day);
  await tx.execute(sql`
    INSERT INTO dashboard_counts (day, metric, value)
    SELECT ${day}::date, * FROM unnest(${pgArray([...COUNT_METRICS])}::text[], ${pgArray(COUNT_METRICS.map((m) => counts?.[m] ?? 0))}::int[])`);
  return true;
}

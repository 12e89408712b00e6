import "server-only";
import { addDays, differenceInCalendarDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { businessDay, businessDayBounds, derivedDayBounds } from "../shared/business-day";
import { DomainError } from "../shared/errors";
import { NO_COUNTS, readDayCounts, type CountMetric, type DayCounts } from "./day-counts";
import { addFigures, figuresOf, type DayFigures } from "./dashboard-figures";
import { applyFlows, readLedgerFlows, type FlowRow } from "./ledger-flows";
import { liabilitiesOf, reconcile, type Liabilities, type Reconciliation } from "./liabilities";
import { readPlannedLiabilities, type PlannedActivity, type PlannedDay } from "./planned-liabilities";
import { nextDay, readSnapshotBalances } from "./take-snapshots";

/** A custom range may span up to 92 days, like the ads report. */
export const MAX_RANGE_DAYS = 92;
/** The liabilities' trend covers the last 30 days. */
export const TREND_DAYS = 30;

export interface Dashboard {
  from: string;
  to: string;
  today: string;
  days: { day: string; live: boolean; figures: DayFigures }[];
  totals: DayFigures;
  liabilities: { now: Liabilities; trend: { day: string; values: Liabilities | null }[] };
  planned: { activities: PlannedActivity[]; series: PlannedDay[] };
  reconciliation: (Reconciliation & { day: string }) | null;
  lastSnapshotDay: string | null;
}

const daysBetween = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDay(d)) out.push(d);
  return out;
};

/** BAD_INPUT unless from and to are calendar days, from ≤ to ≤ today and the span is at most MAX_RANGE_DAYS. */
function checkRange(from: string, to: string, today: string): void {
  if (!businessDayBounds(from) || !businessDayBounds(to) || from > to || to > today || differenceInCalendarDays(parseISO(to), parseISO(from)) + 1 > MAX_RANGE_DAYS) throw new DomainError("BAD_INPUT", { field: "range" });
}

/** Stored flows of the snapshot days in [from, to] (optionally one asset). */
export async function readStoredFlows(tx: DbOrTx, from: string | null, to: string, asset?: Asset): Promise<FlowRow[]> {
  const rows = await tx.execute<{ day: string; asset: Asset; reason: string; from_holder: string; to_holder: string; entries: number; amount: string }>(sql`
    SELECT day::text, asset, reason, from_holder, to_holder, entries, amount::text FROM dashboard_flows
    WHERE day <= ${to}::date ${from ? sql`AND day >= ${from}::date` : sql``} ${asset ? sql`AND asset = ${asset}` : sql``}`);
  return rows.map((r) => ({ day: r.day, asset: r.asset, reason: r.reason, fromHolder: r.from_holder, toHolder: r.to_holder, entries: Number(r.entries), amount: Number(r.amount) }));
}

async function readStoredCounts(tx: DbOrTx, from: string, to: string): Promise<Map<string, DayCounts>> {
  const rows = await tx.execute<{ day: string; metric: CountMetric; value: number }>(sql`SELECT day::text, metric, value FROM dashboard_counts WHERE day BETWEEN ${from}::date AND ${to}::date`);
  const out = new Map<string, DayCounts>();
  for (const r of rows) out.set(r.day, { ...(out.get(r.day) ?? NO_COUNTS), [r.metric]: Number(r.value) });
  return out;
}

const groupByDay = (flows: readonly FlowRow[]): Map<string, FlowRow[]> => {
  const out = new Map<string, FlowRow[]>();
  for (const f of flows) out.set(f.day, [...(out.get(f.day) ?? []), f]);
  return out;
};

/**
 * The operators' dashboard for business days [from, to] (spec §9, §10). Closed days come from the
 * nightly snapshot (dashboard_days and its tables: a few hundred rows a day); days after the last
 * snapshot (today, and yesterday until the job has run) and any day without one are read live from
 * the ledger by created_at (BRIN), so the figures always equal the ledger. Liabilities: the last
 * snapshot's balances plus the live days' flows. The reconciliation shown is the latest recorded
 * one (see reconcileNow for a fresh one).
 */
export async function readDashboard(tx: DbOrTx, clock: Clock, input: { from: string; to: string }): Promise<Dashboard> {
  const now = clock.now();
  const today = businessDay(now);
  checkRange(input.from, input.to, today);
  const trendFrom = format(addDays(parseISO(today), -(TREND_DAYS - 1)), "yyyy-MM-dd");
  const snapshotDays = new Set(
    (await tx.execute<{ day: string }>(sql`SELECT day::text FROM dashboard_days WHERE day >= LEAST(${input.from}::date, ${trendFrom}::date)`)).map((r) => r.day),
  );
  const [lastRow] = await tx.execute<{ day: string | null }>(sql`SELECT max(day)::text AS day FROM dashboard_days`);
  const last = lastRow?.day ?? null;

  // "Today so far": every entry after the last snapshot (from the ledger's start when there is none).
  const tailStart = last ? nextDay(last) : null;
  const todayEnd = derivedDayBounds(today).end;
  const tailFlows = await readLedgerFlows(tx, { start: tailStart ? derivedDayBounds(tailStart).start : null, end: todayEnd });

  // The range's days: stored, or live (the tail, and any other day the snapshot lacks).
  const rangeDays = daysBetween(input.from, input.to);
  const liveDays = rangeDays.filter((d) => !snapshotDays.has(d));
  const flowsByDay = groupByDay([...(await readStoredFlows(tx, input.from, input.to)), ...tailFlows.filter((f) => f.day >= input.from && f.day <= input.to)]);
  const countsByDay = await readStoredCounts(tx, input.from, input.to);
  // Each run of consecutive live days is read on its own, so the days between them (snapshotted) are not counted again.
  for (const run of contiguousRuns(liveDays)) {
    const { from: fromDay, to: toDay } = run;
    const bounds = { start: derivedDayBounds(fromDay).start, end: derivedDayBounds(toDay).end };
    if (tailStart !== null && fromDay < tailStart) for (const [day, flows] of groupByDay(await readLedgerFlows(tx, bounds))) flowsByDay.set(day, flows);
    const live = await readDayCounts(tx, { fromDay, toDay, ...bounds });
    for (const d of run.days) countsByDay.set(d, live.get(d) ?? NO_COUNTS);
  }
  const days = rangeDays.map((day) => ({ day, live: !snapshotDays.has(day), figures: figuresOf(flowsByDay.get(day) ?? [], countsByDay.get(day) ?? NO_COUNTS) }));

  // Liabilities: stored end-of-day balances, then the tail's flows day by day.
  const trendDays = daysBetween(trendFrom, today);
  const stored = await tx.execute<{ day: string; asset: Asset; holder: string; balance: string }>(sql`
    SELECT day::text, asset, holder, balance::text FROM dashboard_balances WHERE day >= ${trendFrom}::date`);
  const storedByDay = new Map<string, Map<string, number>>();
  for (const r of stored) storedByDay.set(r.day, (storedByDay.get(r.day) ?? new Map()).set(`${r.asset}|${r.holder}`, Number(r.balance)));
  let running = last ? (storedByDay.get(last) ?? (await readSnapshotBalances(tx, last)).balances) : new Map<string, number>();
  const tailByDay = groupByDay(tailFlows);
  const beforeTrend = tailFlows.filter((f) => f.day < trendFrom);
  running = applyFlows(running, beforeTrend);
  const trend = trendDays.map((day) => {
    if (tailStart === null || day >= tailStart) {
      running = applyFlows(running, tailByDay.get(day) ?? []);
      return { day, values: liabilitiesOf(running) };
    }
    const b = storedByDay.get(day);
    return { day, values: b ? liabilitiesOf(b) : null };
  });

  return {
    from: input.from,
    to: input.to,
    today,
    days,
    totals: addFigures(days.map((d) => d.figures)),
    liabilities: { now: liabilitiesOf(running), trend },
    planned: await readPlannedLiabilities(tx, now, trendDays),
    reconciliation: await readStoredReconciliation(tx),
    lastSnapshotDay: last,
  };
}

/** Sorted days as runs of consecutive ones. */
function contiguousRuns(days: readonly string[]): { from: string; to: string; days: string[] }[] {
  const runs: { from: string; to: string; days: string[] }[] = [];
  for (const d of days) {
    const run = runs.at(-1);
    if (run && nextDay(run.to) === d) {
      run.to = d;
      run.days.push(d);
    } else runs.push({ from: d, to: d, days: [d] });
  }
  return runs;
}

/** The latest reconciliation the nightly snapshot recorded (as of that day's end). */
async function readStoredReconciliation(tx: DbOrTx): Promise<(Reconciliation & { day: string }) | null> {
  const [row] = await tx.execute<{ day: string | null }>(sql`SELECT max(day)::text AS day FROM dashboard_days WHERE with_running = 'yes'`);
  if (!row?.day) return null;
  const { balances, running } = await readSnapshotBalances(tx, row.day);
  return { day: row.day, ...reconcile(balances, running, await readStoredFlows(tx, null, row.day, "cash")) };
}

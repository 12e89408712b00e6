/**
 * `npm run bench:dashboard`: the operators' dashboard at scale, next to a `SELECT count(*)` of the
 * ledger on the same server in the same run (the cost of merely touching every ledger row).
 *
 * Seeds BENCH_USERS users (1,000,000) with credit and their opening entries through the settlement
 * bench's builder (bench/lib/settle-seed.ts), then BENCH_EVENTS (1,000,000) join events spread over
 * the 60 business days before "today" (a top-up, the join's payment, and a win or a loss with its
 * reward: 4 ledger rows each, in time order, as a live ledger grows), fixes the running balances
 * from the entries, runs the nightly snapshot job for every closed day, then times the dashboard's
 * server-side read (the router's REPEATABLE READ transaction around readDashboard) for each range,
 * 20 loads each, p50 / p95. Also times a fresh reconciliation (it reads every account) and a rerun
 * of the snapshot job (nothing to write). Creates (drops first) pinpin_bench_dashboard on
 * BENCH_PG_URL; BENCH_KEEP=1 keeps it.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { resolveDashboardRange, type DashboardRange } from "@/server/domain/dashboard/dashboard-range";
import { readDashboard } from "@/server/domain/dashboard/read-dashboard";
import { readLedgerFlows } from "@/server/domain/dashboard/ledger-flows";
import { reconcileNow } from "@/server/domain/dashboard/reconcile-now";
import { takeDashboardSnapshots } from "@/server/domain/dashboard/take-snapshots";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { businessDay, businessDayBounds } from "@/server/domain/shared/business-day";
import { FixedClock } from "@/server/domain/shared/clock";
import { envNumber } from "./lib/env";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { seedSettlement } from "./lib/settle-seed";
import { percentile } from "./lib/stats";
import { fixed, formatTable } from "./lib/table";

const BASE_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "pinpin_bench_dashboard";
const USERS = envNumber("BENCH_USERS", 1_000_000);
const EVENTS = envNumber("BENCH_EVENTS", 1_000_000);
const LOADS = envNumber("BENCH_LOADS", 20);
const DAYS = 60;
// The settlement builder stamps its rows with the server's now(); "today" is 61 days later, so those
// opening entries are history and the 60 days of events end today at 15:00 Shanghai.
const clock = new FixedClock(new Date(businessDayBounds(businessDay(new Date(Date.now() + 61 * 86_400_000)))!.start.getTime() + 15 * 3_600_000));

const log = (msg: string) => console.log(`[bench] ${msg}`);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  log(`${label}: ${fixed(ms / 1000, 2)} s`);
  return { value, ms };
}

/** EVENTS join events over the DAYS days before the clock, 4 ledger rows each, inserted in time order. */
async function seedEvents(db: Db): Promise<void> {
  const platform = ["gateway_clearing", "group_escrow", "store_revenue", "rewards_expense"];
  await db.execute(sql`INSERT INTO ledger_accounts (asset, platform_name) SELECT 'cash', unnest(${`{${platform.join(",")}}`}::text[]) ON CONFLICT DO NOTHING`);
  await db.execute(sql`
    CREATE TEMP TABLE bench_ids AS
    SELECT (SELECT min(id) FROM ledger_accounts WHERE asset = 'cash' AND user_id IS NOT NULL) AS cash0,
           (SELECT min(id) FROM ledger_accounts WHERE asset = 'credit' AND user_id IS NOT NULL) AS credit0,
           ${sql.join(platform.map((p) => sql`(SELECT id FROM ledger_accounts WHERE asset = 'cash' AND platform_name = ${p}) AS ${sql.identifier(p)}`), sql`, `)}`);
  const now = clock.now().toISOString();
  // User j's cash and credit accounts are cash0 + j and credit0 + j (the builder inserts both in user-id order).
  await db.execute(sql`
    INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
    SELECT 'bench:e:' || e.i || ':' || r.n, r.asset, r.from_id, r.to_id, r.amount, r.reason, 'bench', e.i::text, e.at + r.n * interval '1 second'
    FROM (
      SELECT i, (hashtext('u' || i) & 2147483647) % ${USERS} AS j, (i % 10) < 3 AS won,
        ${now}::timestamptz - ((i % ${DAYS}) * interval '1 day') - (((i::bigint * 7919) % 50000) * interval '1 second') AS at
      FROM generate_series(1, ${EVENTS}::int) i) e
    CROSS JOIN bench_ids b
    CROSS JOIN LATERAL (VALUES
      (0, 'cash', b.gateway_clearing, b.cash0 + e.j, 3998, 'topup'),
      (1, 'cash', b.cash0 + e.j, b.group_escrow, 1999, 'join.pay'),
      (2, 'cash', b.group_escrow, CASE WHEN e.won THEN b.store_revenue ELSE b.cash0 + e.j END, 1999, CASE WHEN e.won THEN 'draw.settle' ELSE 'draw.L-0' END),
      (3, CASE WHEN e.won THEN 'credit' ELSE 'cash' END,
          CASE WHEN e.won THEN (SELECT id FROM ledger_accounts WHERE asset = 'credit' AND platform_name = 'credit_issued') ELSE b.rewards_expense END,
          CASE WHEN e.won THEN b.credit0 + e.j ELSE b.cash0 + e.j END,
          CASE WHEN e.won THEN 1999 ELSE 99 END, CASE WHEN e.won THEN 'draw.W-C' ELSE 'draw.L-A' END)
    ) AS r(n, asset, from_id, to_id, amount, reason)
    ORDER BY 9`);
  // Running balances from the entries, as postTransfers would have kept them.
  await db.execute(sql`
    UPDATE ledger_accounts a SET balance = d.sum FROM (
      SELECT id, SUM(amount) AS sum FROM (
        SELECT to_account_id AS id, amount FROM ledger_entries UNION ALL SELECT from_account_id, -amount FROM ledger_entries) f
      GROUP BY id) d
    WHERE a.id = d.id AND a.platform_name IS NULL AND a.balance <> d.sum`);
  await db.execute(sql`VACUUM ANALYZE`);
}

async function main(): Promise<void> {
  const info = await serverInfo(BASE_URL);
  log(`PostgreSQL ${info.version}; ${os.cpus().length} cores; ${Object.entries(info.settings).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  await recreateDatabase(BASE_URL, DB_NAME);
  const url = databaseUrl(BASE_URL, DB_NAME);
  await migrateDatabase(url);
  const { db, close } = createDb(url, { max: 2 });
  try {
    const today = businessDay(clock.now());
    await timed(`seed ${USERS.toLocaleString("en")} users with credit (settlement builder)`, () => seedSettlement(db, { users: USERS, winningEntries: 100_000, day: businessDay(new Date(Date.now() - 86_400_000)) }));
    await timed(`seed ${EVENTS.toLocaleString("en")} join events over ${DAYS} days (${(EVENTS * 4).toLocaleString("en")} ledger rows)`, () => seedEvents(db));
    const [size] = await db.execute<{ rows: string; today: string; bytes: string }>(sql`
      SELECT (SELECT count(*) FROM ledger_entries) AS rows, pg_size_pretty(pg_total_relation_size('ledger_entries')) AS bytes,
        (SELECT count(*) FROM ledger_entries WHERE created_at >= ${businessDayBounds(today)!.start.toISOString()}::timestamptz) AS today`);
    log(`ledger: ${Number(size!.rows).toLocaleString("en")} entries (${size!.bytes} with indexes), ${Number(size!.today).toLocaleString("en")} of them today (${today})`);

    const snap = await timed("nightly snapshot job, every closed day from the ledger's first", () => takeDashboardSnapshots(db, clock));
    log(`snapshot: ${snap.value.written.length} days written (${snap.value.written[0]} … ${snap.value.written.at(-1)})`);
    const again = await timed("snapshot job re-run", () => takeDashboardSnapshots(db, clock));
    if (again.value.written.length > 0) throw new Error("the re-run wrote days again");

    const count: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const t0 = performance.now();
      await db.execute(sql`SELECT count(*) FROM ledger_entries`);
      count.push(performance.now() - t0);
    }
    const rows: (string | number)[][] = [];
    let worst = 0;
    for (const range of ["today", "7d", "30d", "custom"] as DashboardRange[]) {
      const input = range === "custom" ? { from: businessDay(new Date(clock.now().getTime() - 91 * 86_400_000)), to: today } : resolveDashboardRange(clock.now(), range);
      const samples: number[] = [];
      let entries = 0;
      for (let i = 0; i < LOADS; i++) {
        const t0 = performance.now();
        const d = await db.transaction((tx) => readDashboard(tx, clock, input), { isolationLevel: "repeatable read", accessMode: "read only" });
        samples.push(performance.now() - t0);
        entries = d.totals.entries;
      }
      samples.sort((a, b) => a - b);
      const p95 = percentile(samples, 95);
      worst = Math.max(worst, p95);
      rows.push([range === "custom" ? "custom (92 days)" : range, `${input.from} … ${input.to}`, entries.toLocaleString("en"), fixed(percentile(samples, 50), 1), fixed(p95, 1), fixed(samples.at(-1)!, 1)]);
    }
    // "Today so far" alone, through the BRIN index and, for comparison, with bitmap scans off (a scan of the ledger).
    const todayBounds = businessDayBounds(today)!;
    for (const [label, setting] of [["today's flows, BRIN on created_at", sql`SET LOCAL enable_bitmapscan = on`], ["today's flows, ledger scanned (bitmap scans off)", sql`SET LOCAL enable_bitmapscan = off`]] as const) {
      const samples: number[] = [];
      for (let i = 0; i < Math.min(LOADS, 5); i++) {
        const t0 = performance.now();
        await db.transaction(async (tx) => {
          await tx.execute(setting);
          await readLedgerFlows(tx, todayBounds);
        });
        samples.push(performance.now() - t0);
      }
      samples.sort((a, b) => a - b);
      rows.push([label, today, "", fixed(percentile(samples, 50), 1), fixed(percentile(samples, 95), 1), fixed(samples.at(-1)!, 1)]);
    }
    count.sort((a, b) => a - b);
    rows.push(["SELECT count(*) FROM ledger_entries", "", Number(size!.rows).toLocaleString("en"), fixed(percentile(count, 50), 1), fixed(percentile(count, 95), 1), fixed(count.at(-1)!, 1)]);

    // The figures equal the ledger: the 30 days' entries against a plain count of their join payments.
    const d30 = resolveDashboardRange(clock.now(), "30d");
    const [truth] = await db.execute<{ n: string }>(sql`
      SELECT count(*) AS n FROM ledger_entries WHERE reason = 'join.pay'
        AND created_at >= ${businessDayBounds(d30.from)!.start.toISOString()}::timestamptz AND created_at < ${businessDayBounds(d30.to)!.end.toISOString()}::timestamptz`);
    const shown = await db.transaction((tx) => readDashboard(tx, clock, d30));
    if (shown.totals.entries !== Number(truth!.n)) throw new Error(`30-day entries ${shown.totals.entries} ≠ ledger ${truth!.n}`);

    const rec = await timed("reconcile now (reads every account)", () => db.transaction((tx) => reconcileNow(tx, clock), { isolationLevel: "repeatable read", accessMode: "read only" }));
    if (!rec.value.ok) throw new Error(`reconciliation off: ${JSON.stringify(rec.value)}`);
    const inv = await timed("ledger invariants (full scan, for comparison)", () => checkLedgerInvariants(db));
    if (inv.value.length > 0) throw new Error(`ledger invariants violated: ${JSON.stringify(inv.value.slice(0, 3))}`);

    console.log();
    console.log(formatTable(["dashboard load (server)", "days", "entries shown", "p50 ms", "p95 ms", "max ms"], rows));
    console.log();
    console.log(`load average (1 min) ${fixed(os.loadavg()[0] ?? 0, 2)} (${os.cpus().length} cores, shared)`);
    console.log(`30-day entries equal a plain count over the ledger (${Number(truth!.n).toLocaleString("en")}); reconciliation balanced; snapshot ${fixed(snap.ms / 1000, 1)} s for ${snap.value.written.length} days, re-run ${fixed(again.ms, 0)} ms`);
    console.log(`target (p95 ≤ 300 ms for every range): ${worst <= 300 ? "met" : "NOT met"} (worst p95 ${fixed(worst, 1)} ms)`);
  } finally {
    await close();
    if (process.env.BENCH_KEEP !== "1") await dropDatabase(BASE_URL, DB_NAME);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

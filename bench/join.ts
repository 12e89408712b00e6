/**
 * `npm run bench:join`: concurrent joins into one hot activity (N = 10, K = 3, every reward and both
 * referral levels on) through the domain layer against real PostgreSQL, the way the API makes them:
 * each shopper's join goes through the process's JoinQueue (the activity's single writer, which
 * commits the joins waiting at that moment in one transaction: joinActivityBatch), and every commit
 * that fills a group kicks the DrawScheduler, which draws off the joining request. Prints joins/s,
 * p50/p99 latency (submit → seat committed) and the anomaly count (must be 0) per scenario, next to
 * pgbench's TPC-B-like rate with 8 clients on the same server in the same run (before and after the
 * joins; the ratio uses their mean). The ratio is taken on the end-to-end rate: the joins divided by
 * the time until the last of their groups was drawn, so a draw backlog cannot flatter the figure.
 * A scenario with batches of 1 is the one-join-per-transaction design, measured the same way.
 *
 * Creates (drops first) the databases pinpin_bench_join and pinpin_bench_join_pgbench on BENCH_PG_URL.
 * Tunables (env):
 *   BENCH_PG_URL            admin URL of the server (postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_SECONDS (10)      measured seconds per scenario, after BENCH_WARMUP_JOINS (200) unmeasured joins
 *   BENCH_CLIENTS           scenarios "clients[/pool[/batch]]" (8,32,128,32/4/1): concurrent shoppers
 *                           (closed loops), connections in the pool (BENCH_POOL, 4), most joins per
 *                           transaction (BENCH_BATCH, 64; 1 = one join per transaction)
 *   BENCH_IN_FLIGHT (2)     join transactions of the activity in flight at once
 *   BENCH_USERS (5000)      funded shoppers (cash; 2 in 3 with credit; referral chains of 3)
 *   BENCH_PGBENCH_CLIENTS (8), BENCH_PGBENCH_SECONDS (10), BENCH_PGBENCH_SCALE (10), PGBENCH (binary)
 *   BENCH_KEEP=1            keep both databases afterwards
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createDb, type Db, type DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { pgArray } from "@/db/pg-array";
import { activityItems } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { createActivity } from "@/server/domain/activities/create-activity";
import { DrawScheduler } from "@/server/runtime/draw-scheduler";
import { JoinQueue } from "@/server/runtime/join-queue";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { systemClock } from "@/server/domain/shared/clock";
import { backendCpuDelta, backendCpuMs, clientCpuMs } from "./lib/cpu";
import { envList, envNumber } from "./lib/env";
import { runFixedLoad } from "./lib/fixed-load";
import { errorCode, type LoadResult } from "./lib/load";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { pgbenchInit, pgbenchRun, pgbenchVersion, type PgbenchResult } from "./lib/pgbench";
import { fundFromOpening, insertShoppers, makePromoters } from "./lib/shoppers";
import { summarize, type LatencySummary } from "./lib/stats";
import { fixed, formatTable } from "./lib/table";
import { startWaitSampler, type WaitProfile } from "./lib/wait-sampler";

const BASE_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const JOIN_DB = "pinpin_bench_join";
const PGBENCH_DB = "pinpin_bench_join_pgbench";
const SECONDS = envNumber("BENCH_SECONDS", 10);
const WARMUP_JOINS = envNumber("BENCH_WARMUP_JOINS", 200);
const POOL = envNumber("BENCH_POOL", 4);
const BATCH = envNumber("BENCH_BATCH", 64);
const IN_FLIGHT = envNumber("BENCH_IN_FLIGHT", 2);
const SCENARIOS = envList("BENCH_CLIENTS", "8,32,128,32/4/1").map(parseScenario);
const USERS = envNumber("BENCH_USERS", 5000);
const PGBENCH_CLIENTS = envNumber("BENCH_PGBENCH_CLIENTS", 8);
const PGBENCH_SECONDS = Math.max(1, Math.round(envNumber("BENCH_PGBENCH_SECONDS", 10)));
const PGBENCH_SCALE = envNumber("BENCH_PGBENCH_SCALE", 10);

const P = 1999; // ¥19.99
const N = 10;
const K = 3;
const CASH = 10_000_00; // ¥10,000 each: enough for every join of every scenario
const CREDIT = 500_00; // ¥500 of credit for 2 in 3 shoppers, so W-D / L-B / referral releases move money
const CHAIN = 3; // referral chains of 3: L1 and L2 releases both happen
const ACTOR = { id: randomUUID(), role: "owner", ip: "127.0.0.1" };

const log = (msg: string) => console.log(`[bench] ${msg}`);
const load1 = () => fixed(os.loadavg()[0]!, 2);
const loadavg = () => os.loadavg().map((x) => fixed(x, 2)).join(" ");

interface Scenario {
  clients: number;
  pool: number;
  batch: number;
}

function parseScenario(s: string): Scenario {
  const m = /^(\d+)(?:\/(\d+))?(?:\/(\d+))?$/.exec(s);
  if (!m) throw new Error(`BENCH_CLIENTS: "${s}" is not "clients[/pool[/batch]]"`);
  const sc = { clients: Number(m[1]), pool: Number(m[2] ?? POOL), batch: Number(m[3] ?? BATCH) };
  if (sc.clients < 1 || sc.pool < 1 || sc.batch < 1) throw new Error(`BENCH_CLIENTS: "${s}" needs positive numbers`);
  return sc;
}

interface Activity {
  id: string;
  itemIds: string[];
}

async function makeActivity(db: Db, name: string): Promise<Activity> {
  const { id } = await db.transaction((tx) =>
    createActivity(tx, systemClock, ACTOR, {
      name,
      priceFen: P,
      groupSize: N,
      winners: K,
      opensAt: new Date(Date.now() - 3600_000),
      closesAt: null,
      items: [
        { kind: "product", name: "商品", priceFen: P },
        { kind: "voucher", name: "代金券", priceFen: P },
      ],
      config: DEFAULT_ACTIVITY_CONFIG,
    }),
  );
  const items = await db.select({ id: activityItems.id }).from(activityItems).where(sql`${activityItems.activityId} = ${id}`).orderBy(activityItems.position);
  return { id, itemIds: items.map((i) => i.id) };
}

interface JoinRun {
  name: string;
  scenario: Scenario;
  load1: string;
  result: LoadResult;
  /** Seconds from the end of the measured joins until every group they filled was drawn. */
  drainSeconds: number;
  /** Joins per second counting the drain: ok / (seconds + drainSeconds). */
  endToEnd: number;
  batches: LatencySummary;
  batchSize: number;
  groupsDrawn: number;
  refused: number;
  anomalies: Anomalies;
  waits: WaitProfile;
  /** CPU ms of this (single-threaded) client process per join, measured phase and drain. */
  clientCpuPerJoin: number;
  /** CPU ms of the database's backends per join (null when the server is not on this machine). */
  serverCpuPerJoin: number | null;
}

/** One scenario: `clients` closed loops joining one fresh activity through one JoinQueue over `pool` connections. */
async function runJoins(handle: DbHandle, userIds: string[], name: string, sc: Scenario): Promise<JoinRun> {
  const db = handle.db;
  const activity = await makeActivity(db, name);
  const okEntries: string[] = [];
  const joinErrors: Record<string, number> = {};
  const drawErrors: Record<string, number> = {};
  const batchMs: number[] = [];
  let batchJoins = 0;
  let measuring = false;
  const draws = new DrawScheduler(db, systemClock, (e) => {
    const code = errorCode(e);
    drawErrors[code] = (drawErrors[code] ?? 0) + 1;
  });
  const queue = new JoinQueue(db, systemClock, {
    maxBatch: sc.batch,
    maxInFlight: IN_FLIGHT,
    onFilled: (id) => void draws.kick(id),
    onBatch: (size, ms) => {
      if (!measuring) return;
      batchMs.push(ms);
      batchJoins += size;
    },
  });
  const startLoad = load1();
  let cpu0 = 0;
  let backends0: Map<number, number> | null = null;
  const sampler = { current: null as ReturnType<typeof startWaitSampler> | null };

  const join = async (seq: number) => {
    const userId = userIds[Math.floor(Math.random() * userIds.length)]!;
    const entryId = randomUUID();
    const itemId = activity.itemIds[seq % activity.itemIds.length]!;
    try {
      await queue.join(activity.id, { userId, itemId, entryId });
    } catch (e) {
      const code = errorCode(e);
      joinErrors[code] = (joinErrors[code] ?? 0) + 1;
      throw e;
    }
    okEntries.push(entryId);
  };

  const result = await runFixedLoad(
    {
      concurrency: sc.clients,
      total: Number.POSITIVE_INFINITY,
      warmup: WARMUP_JOINS,
      durationMs: SECONDS * 1000,
      onMeasureStart: async () => {
        await draws.idle();
        // Statistics as autovacuum keeps them on a live database: the seed analysed the tables while
        // they were empty, and the draw's plans would go on scanning entries as if they still were.
        await db.execute(sql`ANALYZE`);
        backends0 = await backendCpuMs(BASE_URL, JOIN_DB);
        cpu0 = clientCpuMs();
        sampler.current = startWaitSampler(BASE_URL, JOIN_DB, 10);
        measuring = true;
      },
    },
    (_w, seq) => join(seq),
  );
  measuring = false;
  const t0 = performance.now();
  await draws.idle();
  const drainSeconds = (performance.now() - t0) / 1000;
  const waits = await sampler.current!.stop();
  const clientCpu = clientCpuMs() - cpu0;
  const serverCpu = backendCpuDelta(backends0, await backendCpuMs(BASE_URL, JOIN_DB));
  const anomalies = await findAnomalies(db, activity.id, okEntries, joinErrors, drawErrors);
  const [drawn] = await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM groups WHERE activity_id = ${activity.id} AND status = 'drawn'`);
  return {
    name,
    scenario: sc,
    load1: startLoad,
    result,
    drainSeconds,
    endToEnd: result.ok / (result.seconds + drainSeconds),
    batches: summarize(batchMs),
    batchSize: batchJoins / Math.max(1, batchMs.length),
    groupsDrawn: Number(drawn?.n ?? 0),
    refused: joinErrors.SEATS_PER_USER_REACHED ?? 0,
    anomalies,
    waits,
    clientCpuPerJoin: clientCpu / Math.max(1, result.ok),
    serverCpuPerJoin: serverCpu === null ? null : serverCpu / Math.max(1, result.ok),
  };
}

type Anomalies = Record<string, number>;

/**
 * Everything that must be zero after a run, in SQL over the activity (and the whole ledger):
 * spec §2's seat and draw invariants, the ledger's, and the joins that failed for another reason
 * than a user's second seat in a group.
 */
async function findAnomalies(db: Db, activityId: string, okEntries: string[], joinErrors: Record<string, number>, drawErrors: Record<string, number>): Promise<Anomalies> {
  const [g] = await db.execute<Record<string, string>>(sql`
    WITH per AS (
      SELECT g.id, g.status, g.group_size, g.winners, g.seats_taken, g.winner_seats,
             count(e.id) AS n, count(DISTINCT e.seat) AS seats, min(e.seat) AS lo, max(e.seat) AS hi,
             count(DISTINCT e.user_id) AS users,
             count(*) FILTER (WHERE e.outcome = 'won') AS won,
             count(*) FILTER (WHERE e.outcome IS NULL AND e.id IS NOT NULL) AS undecided
      FROM groups g LEFT JOIN entries e ON e.group_id = g.id
      WHERE g.activity_id = ${activityId}
      GROUP BY g.id)
    SELECT
      count(*) FILTER (WHERE status = 'drawn' AND n <> group_size) AS drawn_size_not_n,
      count(*) FILTER (WHERE status = 'drawn' AND (won <> winners OR jsonb_array_length(winner_seats) <> winners)) AS drawn_winners_not_k,
      count(*) FILTER (WHERE status = 'drawn' AND undecided > 0) AS drawn_entry_without_outcome,
      count(*) FILTER (WHERE n > 0 AND (seats <> n OR lo <> 1 OR hi <> n)) AS seat_gap_or_duplicate,
      count(*) FILTER (WHERE seats_taken <> n OR n > group_size) AS seats_taken_mismatch,
      count(*) FILTER (WHERE users <> n) AS user_twice_in_group,
      abs(count(*) FILTER (WHERE status = 'open') - 1) AS open_groups_not_1,
      count(*) FILTER (WHERE status = 'full') AS full_left_undrawn,
      count(*) FILTER (WHERE status = 'dissolved') AS dissolved
    FROM per`);
  const [e] = await db.execute<Record<string, string>>(sql`
    SELECT
      (SELECT count(*) FROM unnest(${pgArray(okEntries)}::uuid[]) AS x(id) WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = x.id)) AS paid_join_lost,
      (SELECT count(*) FROM entries WHERE activity_id = ${activityId}) - ${okEntries.length}::int AS entries_not_from_a_join,
      (SELECT count(*) FROM entries e WHERE e.activity_id = ${activityId}
         AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.idempotency_key = 'join:' || e.id || ':pay')) AS entry_without_payment`);
  // Escrow holds P for every entry of a group not yet drawn or dissolved, across all activities.
  const [escrow] = await db.execute<{ diff: string }>(sql`
    WITH acct AS (SELECT id FROM ledger_accounts WHERE platform_name = 'group_escrow' AND asset = 'cash')
    SELECT (SELECT COALESCE(sum(amount), 0) FROM ledger_entries WHERE to_account_id IN (SELECT id FROM acct))
         - (SELECT COALESCE(sum(amount), 0) FROM ledger_entries WHERE from_account_id IN (SELECT id FROM acct))
         - (SELECT COALESCE(sum(e.price_fen), 0) FROM entries e JOIN groups g ON g.id = e.group_id WHERE g.status IN ('open', 'full')) AS diff`);
  const violations = await checkLedgerInvariants(db);
  const out: Anomalies = {};
  for (const [k, v] of Object.entries({ ...g, ...e })) out[k] = Math.abs(Number(v));
  out.escrow_mismatch = Number(escrow?.diff ?? 0) === 0 ? 0 : 1;
  out.ledger_invariant_violations = violations.length;
  out.join_errors_other_than_seats_per_user = Object.entries(joinErrors).reduce((s, [k, v]) => (k === "SEATS_PER_USER_REACHED" ? s : s + v), 0);
  out.draw_errors = Object.values(drawErrors).reduce((s, v) => s + v, 0);
  const odd = { ...joinErrors, ...Object.fromEntries(Object.entries(drawErrors).map(([k, v]) => [`draw:${k}`, v])) };
  delete odd.SEATS_PER_USER_REACHED;
  if (Object.keys(odd).length > 0) log(`  errors: ${JSON.stringify(odd)}`);
  if (violations.length > 0) log(`  LEDGER INVARIANTS VIOLATED: ${JSON.stringify(violations.slice(0, 5))}`);
  return out;
}

const total = (a: Anomalies) => Object.values(a).reduce((s, v) => s + v, 0);
const nonZero = (a: Anomalies) =>
  Object.entries(a)
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

async function runPgbench(label: string): Promise<PgbenchResult | null> {
  if (!pgbenchVersion()) return null;
  log(`pgbench -c ${PGBENCH_CLIENTS} -j 2 -T ${PGBENCH_SECONDS} -M prepared (${label}); load average ${loadavg()}`);
  const r = await pgbenchRun(databaseUrl(BASE_URL, PGBENCH_DB), { clients: PGBENCH_CLIENTS, threads: 2, seconds: PGBENCH_SECONDS });
  log(`  ${fixed(r.tps, 0)} tps, p50 ${fixed(r.latency.p50, 2)} ms, p99 ${fixed(r.latency.p99, 2)} ms`);
  return r;
}

async function main(): Promise<void> {
  const info = await serverInfo(BASE_URL);
  log(`PostgreSQL ${info.version} (${Object.entries(info.settings).map(([k, v]) => `${k}=${v}`).join(", ")})`);
  log(`client: node ${process.version}, ${os.cpus().length} CPUs, load average ${loadavg()} (1/5/15 min; other work on this machine shares these cores)`);
  log(`${SECONDS}s per scenario after ${WARMUP_JOINS} warm-up joins; scenarios (clients/pool/batch): ${SCENARIOS.map((s) => `${s.clients}/${s.pool}/${s.batch}`).join(", ")}; ${IN_FLIGHT} transactions in flight`);

  // pgbench first: its database, and the first yardstick run before the joins.
  const version = pgbenchVersion();
  const pgbench: { label: string; r: PgbenchResult; load1: string }[] = [];
  if (!version) log("pgbench not found on PATH (set PGBENCH=/path/to/pgbench, or install postgresql-client): no yardstick, no ratio");
  else {
    log(`${version}: creating ${PGBENCH_DB}, pgbench -i -s ${PGBENCH_SCALE}…`);
    await recreateDatabase(BASE_URL, PGBENCH_DB);
    await pgbenchInit(databaseUrl(BASE_URL, PGBENCH_DB), PGBENCH_SCALE);
    const l = load1();
    const r = await runPgbench("before the joins");
    if (r) pgbench.push({ label: "before", r, load1: l });
  }

  log(`creating ${JOIN_DB}, migrating, ${USERS} shoppers (¥${CASH / 100} cash each, 2 in 3 with ¥${CREDIT / 100} credit, referral chains of ${CHAIN})…`);
  await recreateDatabase(BASE_URL, JOIN_DB);
  const url = databaseUrl(BASE_URL, JOIN_DB);
  await migrateDatabase(url);
  const setup = createDb(url, { max: 2 });
  let userIds: string[];
  try {
    userIds = await insertShoppers(setup.db, USERS, { prefix: "139", chainLength: CHAIN });
    await fundFromOpening(setup.db, systemClock, [
      ...userIds.map((userId) => ({ userId, asset: "cash" as const, amount: CASH })),
      ...userIds.filter((_, i) => i % 3 !== 2).map((userId) => ({ userId, asset: "credit" as const, amount: CREDIT })),
    ]);
    // Referrers (every user but the last of each chain) are valid promoters from the start.
    await makePromoters(setup.db, userIds.filter((_, i) => i % CHAIN !== CHAIN - 1), new Date(Date.now() + 30 * 86400_000));
    await setup.db.execute(sql`VACUUM ANALYZE`);
  } finally {
    await setup.close();
  }

  const runs: JoinRun[] = [];
  for (const sc of SCENARIOS) {
    const name = `${sc.clients} shoppers, pool ${sc.pool}, batch ≤ ${sc.batch}`;
    log(`joins: ${name}; load average ${loadavg()}…`);
    const handle = createDb(url, { max: sc.pool });
    try {
      const run = await runJoins(handle, userIds, name, sc);
      runs.push(run);
      log(
        `  ${run.result.ok} joins in ${fixed(run.result.seconds, 1)}s + ${fixed(run.drainSeconds, 2)}s drawing the rest: ${fixed(run.endToEnd, 0)}/s end to end, p50 ${fixed(run.result.latency.p50, 2)} ms, p99 ${fixed(run.result.latency.p99, 2)} ms; mean batch ${fixed(run.batchSize, 1)}; ${run.groupsDrawn} groups drawn; anomalies ${total(run.anomalies)}${total(run.anomalies) ? ` (${nonZero(run.anomalies)})` : ""}`,
      );
    } finally {
      await handle.close();
    }
  }

  if (version) {
    const l = load1();
    const r = await runPgbench("after the joins");
    if (r) pgbench.push({ label: "after", r, load1: l });
  }

  // ---- report ------------------------------------------------------------------------------------
  const yard = pgbench.length ? pgbench.reduce((s, p) => s + p.r.tps, 0) / pgbench.length : undefined;
  const ratio = (tps: number) => (yard ? `${fixed(tps / yard, 2)}x` : "n/a");
  console.log("");
  console.log(
    `Joins into one hot activity (N=${N}, K=${K}, P=¥${P / 100}, DEFAULT_ACTIVITY_CONFIG: all rewards and referral L1/L2 on), ${USERS} shoppers, ${SECONDS}s each; ` +
      `latency = join submitted → seat committed (the draw runs after, off the request); joins/s = joins / (measured seconds + time to draw the groups left full); ` +
      `ratio = that over the mean of the pgbench runs at ${PGBENCH_CLIENTS} clients (${yard ? fixed(yard, 0) : "n/a"} tps).`,
  );
  console.log(
    formatTable(
      ["scenario", "joins", "joins/s", "p50 ms", "p99 ms", "anomalies", `ratio to pgbench(${PGBENCH_CLIENTS})`, "load1", "client CPU ms/join", "server CPU ms/join"],
      [
        ...runs.map((r) => [
          r.name,
          r.result.ok,
          fixed(r.endToEnd, 0),
          fixed(r.result.latency.p50, 2),
          fixed(r.result.latency.p99, 2),
          total(r.anomalies),
          ratio(r.endToEnd),
          r.load1,
          fixed(r.clientCpuPerJoin, 2),
          r.serverCpuPerJoin === null ? "n/a" : fixed(r.serverCpuPerJoin, 2),
        ]),
        ...pgbench.map((p) => [`pgbench TPC-B-like, ${p.r.clients} clients (${p.label})`, "", fixed(p.r.tps, 0), fixed(p.r.latency.p50, 2), fixed(p.r.latency.p99, 2), p.r.failed, "", p.load1, "", ""]),
      ],
    ),
  );
  for (const r of runs) if (total(r.anomalies) > 0) console.log(`ANOMALIES in ${r.name}: ${nonZero(r.anomalies)}`);
  console.log("");
  console.log("Batches and draws, same runs (a batch = one join transaction of joinActivityBatch):");
  console.log(
    formatTable(
      ["scenario", "seats committed/s", "batches", "mean batch", "batch tx p50 ms", "batch tx p99 ms", "groups drawn", "draw drain s", "refused: 2nd seat in a group"],
      runs.map((r) => [r.name, fixed(r.result.tps, 0), r.batches.count, fixed(r.batchSize, 1), fixed(r.batches.p50, 2), fixed(r.batches.p99, 2), r.groupsDrawn, fixed(r.drainSeconds, 2), r.refused]),
    ),
  );
  console.log("");
  console.log(`What the ${JOIN_DB} backends were doing (pg_stat_activity every 10 ms; mean backends in each state):`);
  for (const r of runs) {
    const samples = [...r.waits.counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `  ${r.name}: ` +
        [...r.waits.counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${fixed(v / Math.max(1, r.waits.ticks), 2)} (${fixed((100 * v) / Math.max(1, samples), 0)}%)`)
          .join(", "),
    );
  }
  log(`done; load average ${loadavg()}`);

  if (process.env.BENCH_KEEP !== "1") {
    await dropDatabase(BASE_URL, JOIN_DB);
    if (version) await dropDatabase(BASE_URL, PGBENCH_DB);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

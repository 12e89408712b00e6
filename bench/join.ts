/**
 * `npm run bench:join`: concurrent joins into one hot activity (N = 10, K = 3, every reward and both
 * referral levels on) through the domain layer against real PostgreSQL, each join being
 * `db.transaction(joinActivity)` then, when it took the last seat, `drawPendingGroups` (as the API
 * does; the draw time counts in the latency of the join that triggered it). Prints joins/s, p50/p99
 * and the anomaly count (must be 0) per client count, next to pgbench's TPC-B-like rate with 8
 * clients on the same server in the same run (before and after the joins; the ratio uses their
 * mean), with the client's and the backends' CPU per join. Then profiled runs: where the time of
 * one join goes, statement by statement (client-side stamps), how long the activity's seat lock is
 * held, and what the backends wait on (pg_stat_activity samples).
 *
 * Creates (drops first) the databases pinpin_bench_join and pinpin_bench_join_pgbench on BENCH_PG_URL.
 * Tunables (env):
 *   BENCH_PG_URL            admin URL of the server (postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_JOINS (3000)      joins per scenario, after BENCH_WARMUP_JOINS (40) unmeasured ones
 *   BENCH_SECONDS           run each scenario for this long instead of a fixed count
 *   BENCH_CLIENTS           scenarios, "clients" or "clients/pool" (4,8,32,32/4): concurrent
 *                           clients, each scenario with its own pool of that many connections
 *   BENCH_USERS (5000)      funded shoppers (cash; 2 in 3 with credit; referral chains of 3)
 *   BENCH_PGBENCH_CLIENTS (8), BENCH_PGBENCH_SECONDS (10), BENCH_PGBENCH_SCALE (10), PGBENCH (binary)
 *   BENCH_PROFILE (1,8)     client counts of the profiled runs ("0" skips them)
 *   BENCH_PROFILE_JOINS (600)
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
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/activities/activity-config";
import { createActivity } from "@/server/domain/activities/create-activity";
import { drawPendingGroups } from "@/server/domain/groups/draw-group";
import { joinActivity } from "@/server/domain/groups/join-activity";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { systemClock } from "@/server/domain/shared/clock";
import { backendCpuDelta, backendCpuMs, clientCpuMs } from "./lib/cpu";
import { envList, envNumber, envOptionalNumber } from "./lib/env";
import { runFixedLoad } from "./lib/fixed-load";
import { errorCode, type LoadResult } from "./lib/load";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { pgbenchInit, pgbenchRun, pgbenchVersion, type PgbenchResult } from "./lib/pgbench";
import { fundFromOpening, insertShoppers, makePromoters } from "./lib/shoppers";
import { createProfiledDb, measureRoundTrips, StatementProfiler, summarizeTraces, type ProfileSummary } from "./lib/statement-profile";
import { summarize, type LatencySummary } from "./lib/stats";
import { fixed, formatTable } from "./lib/table";
import { startWaitSampler, type WaitProfile } from "./lib/wait-sampler";

const BASE_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const JOIN_DB = "pinpin_bench_join";
const PGBENCH_DB = "pinpin_bench_join_pgbench";
const JOINS = envNumber("BENCH_JOINS", 3000);
const WARMUP_JOINS = envNumber("BENCH_WARMUP_JOINS", 40);
const SECONDS = envOptionalNumber("BENCH_SECONDS");
const SCENARIOS = envList("BENCH_CLIENTS", "4,8,32,32/4").map(parseScenario);
const USERS = envNumber("BENCH_USERS", 5000);
const PGBENCH_CLIENTS = envNumber("BENCH_PGBENCH_CLIENTS", 8);
const PGBENCH_SECONDS = Math.max(1, Math.round(envNumber("BENCH_PGBENCH_SECONDS", 10)));
const PGBENCH_SCALE = envNumber("BENCH_PGBENCH_SCALE", 10);
const PROFILE_CLIENTS = envList("BENCH_PROFILE", "1,8").map(Number);
const PROFILE_JOINS = envNumber("BENCH_PROFILE_JOINS", 600);

const P = 1999; // ¥19.99
const N = 10;
const K = 3;
const CASH = 10_000_00; // ¥10,000 each: enough for every join of every scenario
const CREDIT = 500_00; // ¥500 of credit for 2 in 3 shoppers, so W-D / L-B / referral releases move money
const CHAIN = 3; // referral chains of 3: L1 and L2 releases both happen
const ACTOR = { id: randomUUID(), role: "owner", ip: "127.0.0.1" };
const JOIN_MARK = "join returned";
const END_MARK = "draw returned";

const log = (msg: string) => console.log(`[bench] ${msg}`);
const load1 = () => fixed(os.loadavg()[0]!, 2);
const loadavg = () => os.loadavg().map((x) => fixed(x, 2)).join(" ");

function parseScenario(s: string): { clients: number; pool: number } {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(s);
  if (!m) throw new Error(`BENCH_CLIENTS: "${s}" is not "clients" or "clients/pool"`);
  const clients = Number(m[1]);
  const pool = Number(m[2] ?? m[1]);
  if (clients < 1 || pool < 1) throw new Error(`BENCH_CLIENTS: "${s}" needs positive numbers`);
  return { clients, pool };
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
  clients: number;
  pool: number;
  load1: string;
  result: LoadResult;
  joinTx: LatencySummary;
  draw: LatencySummary;
  groupsDrawn: number;
  refused: number;
  anomalies: Anomalies;
  /** CPU ms of this (single-threaded) client process per join, measured phase. */
  clientCpuPerJoin: number;
  /** CPU ms of the database's backends per join (null when the server is not on this machine). */
  serverCpuPerJoin: number | null;
}

/** One scenario: `clients` closed loops joining one fresh activity through a pool of `pool` connections. */
async function runJoins(
  handle: DbHandle,
  userIds: string[],
  opts: { name: string; clients: number; pool: number; joins: number; warmup: number; seconds?: number; profiler?: StatementProfiler },
): Promise<JoinRun> {
  const db = handle.db;
  const activity = await makeActivity(db, opts.name);
  const okEntries: string[] = [];
  const joinErrors: Record<string, number> = {};
  const drawErrors: Record<string, number> = {};
  const joinTx: number[] = [];
  const draws: number[] = [];
  let groupsDrawn = 0;
  const startLoad = load1();
  let cpu0 = 0;
  let backends0: Map<number, number> | null = null;

  const join = async (seq: number, measured: boolean) => {
    const userId = userIds[Math.floor(Math.random() * userIds.length)]!;
    const entryId = randomUUID();
    const itemId = activity.itemIds[seq % activity.itemIds.length]!;
    const t0 = performance.now();
    let filled: boolean;
    try {
      ({ filled } = await db.transaction((tx) => joinActivity(tx, systemClock, { userId, activityId: activity.id, itemId, entryId })));
    } catch (e) {
      const code = errorCode(e);
      joinErrors[code] = (joinErrors[code] ?? 0) + 1;
      throw e;
    }
    okEntries.push(entryId);
    const t1 = performance.now();
    opts.profiler?.mark(JOIN_MARK);
    if (filled) {
      try {
        groupsDrawn += (await drawPendingGroups(db, systemClock, activity.id)).length;
      } catch (e) {
        const code = errorCode(e);
        drawErrors[code] = (drawErrors[code] ?? 0) + 1;
      }
      if (measured) draws.push(performance.now() - t1);
    }
    opts.profiler?.mark(END_MARK);
    if (measured) joinTx.push(t1 - t0);
  };

  const result = await runFixedLoad(
    {
      concurrency: opts.clients,
      total: opts.joins,
      warmup: opts.warmup,
      durationMs: opts.seconds === undefined ? undefined : opts.seconds * 1000,
      onMeasureStart: async () => {
        backends0 = await backendCpuMs(BASE_URL, JOIN_DB);
        cpu0 = clientCpuMs();
      },
    },
    (_w, seq, measured) => (opts.profiler ? opts.profiler.run(measured, () => join(seq, measured)) : join(seq, measured)),
  );
  const clientCpu = clientCpuMs() - cpu0;
  const serverCpu = backendCpuDelta(backends0, await backendCpuMs(BASE_URL, JOIN_DB));
  const anomalies = await findAnomalies(db, activity.id, okEntries, joinErrors, drawErrors);
  return {
    name: opts.name,
    clients: opts.clients,
    pool: opts.pool,
    load1: startLoad,
    result,
    joinTx: summarize(joinTx),
    draw: summarize(draws),
    groupsDrawn,
    refused: joinErrors.SEATS_PER_USER_REACHED ?? 0,
    anomalies,
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

async function showSetting(url: string, name: string): Promise<string> {
  const h = createDb(url, { max: 1 });
  try {
    const [row] = await h.db.execute<{ v: string }>(sql`SELECT current_setting(${name}) AS v`);
    return row?.v ?? "";
  } finally {
    await h.close();
  }
}

async function main(): Promise<void> {
  const info = await serverInfo(BASE_URL);
  log(`PostgreSQL ${info.version} (${Object.entries(info.settings).map(([k, v]) => `${k}=${v}`).join(", ")})`);
  log(`client: node ${process.version}, ${os.cpus().length} CPUs, load average ${loadavg()} (1/5/15 min; other work on this machine shares these cores)`);
  log(`${SECONDS ? `${SECONDS}s` : `${JOINS} joins`} per scenario after ${WARMUP_JOINS} warm-up joins; scenarios (clients/pool): ${SCENARIOS.map((s) => `${s.clients}/${s.pool}`).join(", ")}`);

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
  for (const s of SCENARIOS) {
    const name = `${s.clients} clients, pool ${s.pool}`;
    log(`joins: ${name}; load average ${loadavg()}…`);
    const handle = createDb(url, { max: s.pool });
    try {
      const run = await runJoins(handle, userIds, { name, clients: s.clients, pool: s.pool, joins: JOINS, warmup: WARMUP_JOINS, seconds: SECONDS });
      runs.push(run);
      log(
        `  ${run.result.ok} joins in ${fixed(run.result.seconds, 1)}s: ${fixed(run.result.tps, 0)}/s, p50 ${fixed(run.result.latency.p50, 2)} ms, p99 ${fixed(run.result.latency.p99, 2)} ms; ${run.groupsDrawn} groups drawn; anomalies ${total(run.anomalies)}${total(run.anomalies) ? ` (${nonZero(run.anomalies)})` : ""}`,
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

  // Profiled runs: every statement stamped by the client, pg_stat_activity sampled every 10 ms.
  const profiles: { clients: number; run: JoinRun; summary: ProfileSummary; waits: WaitProfile }[] = [];
  let roundTrips: { plainMs: number; paramMs: number } | undefined;
  for (const clients of PROFILE_CLIENTS) {
    const profiler = new StatementProfiler();
    const handle = createProfiledDb(url, clients, profiler);
    try {
      roundTrips ??= await measureRoundTrips(handle.db);
      log(`profiled joins: ${clients} clients, ${PROFILE_JOINS} joins; load average ${loadavg()}…`);
      const sampler = startWaitSampler(BASE_URL, JOIN_DB, 10);
      let run: JoinRun | undefined;
      try {
        run = await runJoins(handle, userIds, { name: `profiled, ${clients} clients`, clients, pool: clients, joins: PROFILE_JOINS, warmup: WARMUP_JOINS, profiler });
      } finally {
        const waits = await sampler.stop();
        if (run) profiles.push({ clients, run, waits, summary: summarizeTraces(profiler.traces, { joinMark: JOIN_MARK, endMark: END_MARK, seatLockLabel: "advisory lock activity-seats" }) });
      }
    } finally {
      await handle.close();
    }
  }
  const pgssLoaded = /pg_stat_statements/.test(await showSetting(url, "shared_preload_libraries"));

  // ---- report ------------------------------------------------------------------------------------
  const yard = pgbench.length ? pgbench.reduce((s, p) => s + p.r.tps, 0) / pgbench.length : undefined;
  const ratio = (tps: number) => (yard ? `${fixed(tps / yard, 2)}x` : "n/a");
  console.log("");
  console.log(
    `Joins into one hot activity (N=${N}, K=${K}, P=¥${P / 100}, DEFAULT_ACTIVITY_CONFIG: all rewards and referral L1/L2 on), ${USERS} shoppers; ` +
      `latency = join transaction + the draw it triggered; ratio = joins/s over the mean of the pgbench runs at ${PGBENCH_CLIENTS} clients (${yard ? fixed(yard, 0) : "n/a"} tps).`,
  );
  console.log(
    formatTable(
      ["scenario", "joins", "joins/s", "p50 ms", "p99 ms", "anomalies", `ratio to pgbench(${PGBENCH_CLIENTS})`, "load1", "client CPU ms/join", "server CPU ms/join"],
      [
        ...runs.map((r) => [
          `joinActivity + draw, ${r.name}`,
          r.result.ok,
          fixed(r.result.tps, 0),
          fixed(r.result.latency.p50, 2),
          fixed(r.result.latency.p99, 2),
          total(r.anomalies),
          ratio(r.result.tps),
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
  console.log("The join transaction alone, and the draws (drawPendingGroups after the filling join commits), same runs:");
  console.log(
    formatTable(
      ["scenario", "join tx p50", "join tx p99", "groups drawn", "draw p50 ms", "draw p99 ms", "draw max ms", "refused: 2nd seat"],
      runs.map((r) => [r.name, fixed(r.joinTx.p50, 2), fixed(r.joinTx.p99, 2), r.groupsDrawn, fixed(r.draw.p50, 2), fixed(r.draw.p99, 2), fixed(r.draw.max, 2), r.refused]),
    ),
  );

  if (profiles.length > 0) {
    console.log("");
    console.log(`Profiled runs (client-side statement stamps; ${PROFILE_JOINS} joins each; the instrumentation costs a little):`);
    if (roundTrips) console.log(`  one round trip on this machine: SELECT 1 ${fixed(roundTrips.plainMs, 3)} ms; SELECT $1 (postgres.js unnamed statement: Parse/Describe, then Bind/Execute) ${fixed(roundTrips.paramMs, 3)} ms`);
    console.log(`  pg_stat_statements: ${pgssLoaded ? "loaded, but this bench reads its own stamps" : "not in shared_preload_libraries on this server (needs a restart): not used"}`);
    console.log(
      formatTable(
        ["profiled run", "joins/s", "p50 ms", "p99 ms", "anomalies", "stmts/join", "round trips/join", "stmts/draw", "round trips/draw", "seat lock wait p50/p99", "seat lock held p50/p99", "⇒ ceiling joins/s", "client CPU ms/join", "server CPU ms/join"],
        profiles.map(({ clients, run, summary: s }) => [
          `${clients} clients`,
          fixed(run.result.tps, 0),
          fixed(run.result.latency.p50, 2),
          fixed(run.result.latency.p99, 2),
          total(run.anomalies),
          fixed(s.statementsPerJoin, 1),
          fixed(s.roundTripsPerJoin, 1),
          fixed(s.statementsPerDraw, 1),
          fixed(s.roundTripsPerDraw, 1),
          `${fixed(s.seatLockWait.p50, 2)} / ${fixed(s.seatLockWait.p99, 2)}`,
          `${fixed(s.seatLockHold.p50, 2)} / ${fixed(s.seatLockHold.p99, 2)}`,
          fixed(1000 / s.seatLockHold.mean, 0),
          fixed(run.clientCpuPerJoin, 2),
          run.serverCpuPerJoin === null ? "n/a" : fixed(run.serverCpuPerJoin, 2),
        ]),
      ),
    );
    for (const { clients, summary: s, waits } of profiles) {
      const perJoin = (ms: number) => ms / s.ops;
      const totalMs = s.rows.reduce((a, r) => a + r.totalMs, 0);
      console.log("");
      console.log(
        `Where one join's time goes, ${clients} client${clients === 1 ? "" : "s"} (${s.ops} joins, ${s.draws} of them drew; join tx p50 ${fixed(s.joinMs.p50, 2)} ms, draw p50 ${fixed(s.drawMs.p50, 2)} ms; draw rows are amortized over all joins):`,
      );
      const rows = [...s.rows].sort((a, b) => (a.phase === b.phase ? b.totalMs - a.totalMs : a.phase === "join" ? -1 : 1));
      console.log(
        formatTable(
          ["phase", "statement (charged until the next one starts)", "calls/join", "rt/join", "ms/call", "ms/join", "share"],
          rows
            .filter((r) => r.totalMs / totalMs >= 0.004)
            .map((r) => [r.phase, r.label, fixed(r.calls / s.ops, 2), fixed(r.roundTrips / s.ops, 2), fixed(r.totalMs / r.calls, 3), fixed(perJoin(r.totalMs), 3), `${fixed((100 * r.totalMs) / totalMs, 1)}%`]),
        ),
      );
      const samples = [...waits.counts.values()].reduce((a, b) => a + b, 0);
      console.log(`What the ${JOIN_DB} backends were doing (pg_stat_activity every 10 ms, ${waits.ticks} samples; mean backends in each state):`);
      console.log(
        formatTable(
          ["backend state", "backends", "share"],
          [...waits.counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, fixed(v / Math.max(1, waits.ticks), 2), `${fixed((100 * v) / Math.max(1, samples), 1)}%`]),
        ),
      );
    }
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

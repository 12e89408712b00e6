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
import os from "node:os";
import { sql } from "drizzle-orm";
import { createDb } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { systemClock } from "@/server/domain/shared/clock";
import { envList, envNumber } from "./lib/env";
import { K, N, P, nonZeroAnomalies as nonZero, runDomainJoins, totalAnomalies as total, type JoinRun, type Scenario } from "./lib/join-scenario";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { pgbenchInit, pgbenchVersion, runPgbenchLogged, type PgbenchResult } from "./lib/pgbench";
import { fundFromOpening, insertShoppers, makePromoters } from "./lib/shoppers";
import { fixed, formatTable } from "./lib/table";

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

const CASH = 10_000_00; // ¥10,000 each: enough for every join of every scenario
const CREDIT = 500_00; // ¥500 of credit for 2 in 3 shoppers, so W-D / L-B / referral releases move money
const CHAIN = 3; // referral chains of 3: L1 and L2 releases both happen

const log = (msg: string) => console.log(`[bench] ${msg}`);
const load1 = () => fixed(os.loadavg()[0]!, 2);
const loadavg = () => os.loadavg().map((x) => fixed(x, 2)).join(" ");

function parseScenario(s: string): Scenario {
  const m = /^(\d+)(?:\/(\d+))?(?:\/(\d+))?$/.exec(s);
  if (!m) throw new Error(`BENCH_CLIENTS: "${s}" is not "clients[/pool[/batch]]"`);
  const sc = { clients: Number(m[1]), pool: Number(m[2] ?? POOL), batch: Number(m[3] ?? BATCH) };
  if (sc.clients < 1 || sc.pool < 1 || sc.batch < 1) throw new Error(`BENCH_CLIENTS: "${s}" needs positive numbers`);
  return sc;
}

/** bench:join's shoppers: each join by any of them at random, as many shoppers come and go. */
const joinOptions = (userIds: string[]) => ({
  adminUrl: BASE_URL,
  database: JOIN_DB,
  seconds: SECONDS,
  warmupJoins: WARMUP_JOINS,
  inFlight: IN_FLIGHT,
  shopperFor: () => userIds[Math.floor(Math.random() * userIds.length)]!,
});

const runPgbench = (label: string): Promise<PgbenchResult | null> =>
  runPgbenchLogged(databaseUrl(BASE_URL, PGBENCH_DB), { clients: PGBENCH_CLIENTS, seconds: PGBENCH_SECONDS }, `${label}; load average ${loadavg()}`, log);

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
      const run = await runDomainJoins(handle, name, sc, joinOptions(userIds), load1);
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

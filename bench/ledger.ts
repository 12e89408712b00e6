/**
 * `npm run bench:ledger`: throughput and latency of postTransfers against real PostgreSQL, next to
 * pgbench's TPC-B-like workload on the same server as a yardstick.
 *
 * Creates (drops first) the databases pinpin_bench_ledger and pinpin_bench_pgbench on BENCH_PG_URL.
 * Tunables (env): BENCH_PG_URL, BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (1), BENCH_USERS (10000),
 * BENCH_CONCURRENCY (32), BENCH_PGBENCH_SCALE (10), PGBENCH (path of the pgbench binary),
 * BENCH_KEEP=1 (keep both databases afterwards for inspection; by default they are dropped).
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { systemClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, postTransfers, type TransferInput } from "@/server/domain/ledger";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { runClosedLoop, type LoadResult } from "./lib/load";
import { pgbenchInit, pgbenchRun, pgbenchVersion, type PgbenchResult } from "./lib/pgbench";
import { fixed, formatTable } from "./lib/table";

const BASE_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const LEDGER_DB = "pinpin_bench_ledger";
const PGBENCH_DB = "pinpin_bench_pgbench";
const SECONDS = envNumber("BENCH_SECONDS", 10);
const WARMUP_SECONDS = envNumber("BENCH_WARMUP_SECONDS", 1);
const USERS = envNumber("BENCH_USERS", 10_000);
const CONCURRENCY = envNumber("BENCH_CONCURRENCY", 32);
const PGBENCH_SCALE = envNumber("BENCH_PGBENCH_SCALE", 10);
const OPENING_CASH = 100_000_000; // ¥1,000,000.00 each: transfers of at most ¥1 never run dry

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return n;
}

const log = (msg: string) => console.log(`[bench] ${msg}`);

async function createUsers(db: Db, count: number): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    INSERT INTO users (phone, password_hash, display_name, referral_code, created_at)
    SELECT '139' || lpad(g::text, 8, '0'), 'x', 'bench ' || g, 'BENCH' || g, now()
    FROM generate_series(1, ${count}::int) AS g
    RETURNING id`);
  return rows.map((r) => r.id);
}

async function fundUsers(db: Db, userIds: string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += 1000) {
    const chunk = userIds.slice(i, i + 1000);
    await db.transaction((tx) =>
      postTransfers(
        tx,
        systemClock,
        chunk.map((userId) => ({
          key: `bench:open:${userId}`,
          asset: "cash" as const,
          from: { platform: "opening_balances" as const },
          to: { userId },
          amount: OPENING_CASH,
          reason: "bench.open",
          ref: { type: "bench", id: userId },
        })),
      ),
    );
  }
}

function randomIndex(n: number): number {
  return Math.floor(Math.random() * n);
}

interface Scenario {
  name: string;
  transfer: (key: string) => TransferInput;
}

async function main(): Promise<void> {
  const info = await serverInfo(BASE_URL);
  log(`PostgreSQL ${info.version} (${Object.entries(info.settings).map(([k, v]) => `${k}=${v}`).join(", ")})`);
  log(`client: node ${process.version}, ${os.cpus().length} CPUs; ${CONCURRENCY} connections, ${SECONDS}s per scenario after ${WARMUP_SECONDS}s warm-up`);

  log(`creating ${LEDGER_DB}, migrating, ${USERS} users funded with cash…`);
  await recreateDatabase(BASE_URL, LEDGER_DB);
  const ledgerUrl = databaseUrl(BASE_URL, LEDGER_DB);
  await migrateDatabase(ledgerUrl);
  const handle = createDb(ledgerUrl, { max: CONCURRENCY });
  const results: { name: string; r: LoadResult }[] = [];
  try {
    const db = handle.db;
    const userIds = await createUsers(db, USERS);
    await fundUsers(db, userIds);
    // Create the platform account up front, so no scenario measures its creation.
    await db.transaction((tx) =>
      postTransfers(tx, systemClock, [
        { key: "bench:warm:rewards", asset: "cash", from: { platform: "opening_balances" }, to: { platform: "rewards_expense" }, amount: 1, reason: "bench.warm", ref: { type: "bench", id: "warm" } },
      ]),
    );
    await db.execute(sql`VACUUM ANALYZE`);

    const scenarios: Scenario[] = [
      {
        name: "user → user (random pair)",
        transfer: (key) => {
          const a = randomIndex(userIds.length);
          let b = randomIndex(userIds.length - 1);
          if (b >= a) b++;
          return { key, asset: "cash", from: { userId: userIds[a]! }, to: { userId: userIds[b]! }, amount: 1 + randomIndex(100), reason: "bench.p2p", ref: { type: "bench", id: key } };
        },
      },
      {
        name: "rewards_expense → user (hot platform account)",
        transfer: (key) => ({
          key,
          asset: "cash",
          from: { platform: "rewards_expense" },
          to: { userId: userIds[randomIndex(userIds.length)]! },
          amount: 1 + randomIndex(100),
          reason: "bench.reward",
          ref: { type: "bench", id: key },
        }),
      },
    ];

    for (const [i, s] of scenarios.entries()) {
      log(`scenario ${s.name}…`);
      const r = await runClosedLoop({ concurrency: CONCURRENCY, durationMs: SECONDS * 1000, warmupMs: WARMUP_SECONDS * 1000 }, (w, seq) =>
        db.transaction((tx) => postTransfers(tx, systemClock, [s.transfer(`bench:${i}:${w}:${seq}`)])),
      );
      results.push({ name: s.name, r });
    }

    const violations = await checkLedgerInvariants(db);
    log(violations.length === 0 ? "ledger invariants hold after the run" : `LEDGER INVARIANTS VIOLATED: ${JSON.stringify(violations.slice(0, 5))}`);
    const [stats] = await db.execute<{ entries: string; multixacts: string }>(sql`
      SELECT (SELECT count(*) FROM ledger_entries) AS entries, mxid_age(datminmxid) AS multixacts FROM pg_database WHERE datname = current_database()`);
    log(`entries: ${stats?.entries}; multixact ids used: ${stats?.multixacts}`);
  } finally {
    await handle.close();
  }

  // pgbench on the same server, as the yardstick.
  const pgbenchResults: PgbenchResult[] = [];
  const version = pgbenchVersion();
  if (!version) {
    log("pgbench not found on PATH (set PGBENCH=/path/to/pgbench, or install postgresql-client): skipping the pgbench baseline");
  } else {
    log(`${version}: creating ${PGBENCH_DB}, pgbench -i -s ${PGBENCH_SCALE}…`);
    await recreateDatabase(BASE_URL, PGBENCH_DB);
    const pgbenchUrl = databaseUrl(BASE_URL, PGBENCH_DB);
    await pgbenchInit(pgbenchUrl, PGBENCH_SCALE);
    const seconds = Math.max(1, Math.round(SECONDS)); // pgbench -T takes whole seconds
    for (const clients of [CONCURRENCY, 8]) {
      log(`pgbench -c ${clients} -j 2 -T ${seconds} -M prepared…`);
      pgbenchResults.push(await pgbenchRun(pgbenchUrl, { clients, threads: 2, seconds }));
    }
  }

  const yardstick = pgbenchResults[0]?.tps;
  const ratio = (tps: number) => (yardstick ? `${fixed(tps / yardstick, 2)}x` : "n/a");
  const errText = (e: Record<string, number>) => Object.entries(e).map(([k, v]) => `${k}:${v}`).join(" ") || "0";
  const rows: (string | number)[][] = [
    ...results.map(({ name, r }) => [`postTransfers: ${name}`, fixed(r.tps, 0), fixed(r.latency.p50, 2), fixed(r.latency.p99, 2), ratio(r.tps), errText(r.errors)]),
    ...pgbenchResults.map((p) => [
      `pgbench TPC-B-like, ${p.clients} clients`,
      fixed(p.tps, 0),
      fixed(p.latency.p50, 2),
      fixed(p.latency.p99, 2),
      ratio(p.tps),
      p.failed ? `failed:${p.failed}` : "0",
    ]),
  ];
  console.log("");
  console.log(`${CONCURRENCY} connections unless noted; one transfer per transaction; ratio is tx/s over pgbench at ${CONCURRENCY} clients`);
  console.log(formatTable(["scenario", "tx/s", "p50 ms", "p99 ms", "ratio to pgbench", "errors"], rows));

  if (process.env.BENCH_KEEP !== "1") {
    await dropDatabase(BASE_URL, LEDGER_DB);
    await dropDatabase(BASE_URL, PGBENCH_DB);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

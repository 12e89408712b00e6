/**
 * `npm run bench:http-join`: joins the way shoppers make them, through the production server
 * (scripts/serve.ts, as `npm start` runs it: its tRPC endpoint with the next-auth session cookie and superjson; Next.js serves the rest),
 * against the same hot activity as `bench:join` (N = 10, K = 3, every reward and both referral levels on).
 *
 * Builds first when `.next` is older than the sources (scripts/lib/build-if-stale.ts), creates a bench
 * database (migrated, no demo data) with N shoppers made by the domain (`createShopper`, cash and credit
 * from the ledger's opening balances, referral chains of 3 as in bench:join), starts the server on it,
 * signs every shopper in through next-auth's credentials callback over HTTP (CSRF token, then the
 * callback, as the login form does; each keeps its cookies), then per shopper count runs closed loops,
 * one per shopper, each sending `activities.join` through the real tRPC endpoint on a keep-alive socket
 * (node:http Agent), BENCH_WARMUP_JOINS unmeasured then BENCH_SECONDS measured, and waits for the server
 * to draw the groups they filled.
 *
 * Prints per shopper count: joins/s end to end (joins / (measured seconds + the drain of the draws)),
 * p50/p99 latency of a join's HTTP request, errors by kind, CPU ms per join in the web server's
 * processes (/proc/<pid>/stat of the launcher and its children, utime + stime) and in the database's
 * backends; pgbench TPC-B (8 clients) on the same server before and after, with the ratio to its mean;
 * the domain path's own rate at the same shopper count (bench:join's JoinQueue in this process, one
 * shopper per closed loop as over HTTP) and the overhead factor. Then the cold start: the server is
 * restarted, and as soon as it listens every shopper (already signed in) sends one join at once;
 * their latencies (p50/p99/max) and errors. After every run the activity's seat and draw invariants and
 * the ledger's (server/domain/ledger/check-invariants.ts) are checked and printed; any anomaly fails the bench.
 *
 * Creates (drops first) the databases <BENCH_DATABASE> and <BENCH_DATABASE>_pgbench on BENCH_PG_URL
 * (local only: CPU comes from /proc).
 * Tunables (env):
 *   BENCH_PG_URL              admin URL (postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_DATABASE            database name (pinpin_bench_http)
 *   BENCH_PORT (3201)         the server's port (never npm start's 3000 or the e2e suite's 3100)
 *   BENCH_SHOPPERS (50,200)   shopper counts (closed loops); the largest is the number of shoppers made
 *   BENCH_SECONDS (15)        measured seconds per count, after BENCH_WARMUP_JOINS (200) unmeasured joins
 *   BENCH_DOMAIN (1)          0: skip the domain-path runs
 *   BENCH_COLD (1)            0: skip the cold start
 *   BENCH_CPU_PROF            a directory: the server runs with `node --cpu-prof` writing there, and the
 *                             profile's top self-time functions are printed at the end
 *   BENCH_PGBENCH_CLIENTS (8), BENCH_PGBENCH_SECONDS (10), BENCH_PGBENCH_SCALE (10), PGBENCH (binary)
 *   BENCH_KEEP=1              keep both databases afterwards
 *   DB_POOL_MAX               passed to the server (its pool; default 10)
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { createShopper } from "@/server/domain/auth/sign-up";
import { hashPassword } from "@/server/domain/auth/password";
import { systemClock } from "@/server/domain/shared/clock";
import { buildIfStale } from "@/scripts/lib/build-if-stale";
import type { ManagedChild } from "@/scripts/lib/child";
import { startNext, waitUntilServing } from "@/scripts/lib/next-server";
import { backendCpuDelta, backendCpuMs, processTreeCpuMs } from "./lib/cpu";
import { summarizeCpuProfiles } from "./lib/cpu-profile";
import { envList, envNumber } from "./lib/env";
import { runFixedLoad } from "./lib/fixed-load";
import { HttpSession, keepAliveAgent, RequestFailed, signInThroughNextAuth, trpcMutation } from "./lib/http-client";
import { K, N, P, findAnomalies, makeActivity, nonZeroAnomalies, runDomainJoins, totalAnomalies, type Anomalies, type Activity, type JoinRun } from "./lib/join-scenario";
import { errorCode, type LoadResult } from "./lib/load";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { pgbenchInit, pgbenchVersion, runPgbenchLogged, type PgbenchResult } from "./lib/pgbench";
import { fundFromOpening, makePromoters } from "./lib/shoppers";
import { summarize, type LatencySummary } from "./lib/stats";
import { fixed, formatTable } from "./lib/table";

const BASE_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = process.env.BENCH_DATABASE || "pinpin_bench_http";
const PGBENCH_DB = `${DB_NAME}_pgbench`;
const PORT = envNumber("BENCH_PORT", 3201);
const COUNTS = envList("BENCH_SHOPPERS", "50,200").map(Number);
const SECONDS = envNumber("BENCH_SECONDS", 15);
const WARMUP_JOINS = envNumber("BENCH_WARMUP_JOINS", 200);
const DOMAIN = process.env.BENCH_DOMAIN !== "0";
const COLD = process.env.BENCH_COLD !== "0";
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const PGBENCH_CLIENTS = envNumber("BENCH_PGBENCH_CLIENTS", 8);
const PGBENCH_SECONDS = Math.max(1, Math.round(envNumber("BENCH_PGBENCH_SECONDS", 10)));
const PGBENCH_SCALE = envNumber("BENCH_PGBENCH_SCALE", 10);
const KEEP = process.env.BENCH_KEEP === "1";

const SHOPPERS = Math.max(...COUNTS);
const PASSWORD = "bench-http-1";
const CASH = 1_000_000_00; // ¥1,000,000 each: never the limit, however fast the joins go
const CREDIT = 500_00; // as bench:join: 2 in 3 shoppers hold credit, so W-D / L-B / referral releases move money
const CHAIN = 3;
const DOMAIN_POOL = 4; // bench:join's default pool; its JoinQueue keeps 2 batches in flight
const DOMAIN_IN_FLIGHT = 2;
const SIGN_IN_CONCURRENCY = 4;
const SITE = `http://127.0.0.1:${PORT}`;

const projectDir = path.resolve(import.meta.dirname, "..");
const log = (msg: string) => console.log(`[bench] ${msg}`);
const load1 = () => fixed(os.loadavg()[0]!, 2);
const loadavg = () => os.loadavg().map((x) => fixed(x, 2)).join(" ");

interface Shopper {
  id: string;
  phone: string;
  http: HttpSession;
}

interface HttpRun {
  shoppers: number;
  load1: string;
  result: LoadResult;
  drainSeconds: number;
  endToEnd: number;
  anomalies: Anomalies;
  /** CPU ms per join of the web server's processes and of the database's backends (null: /proc could not tell). */
  webCpuPerJoin: number | null;
  dbCpuPerJoin: number | null;
}

interface ColdRun {
  shoppers: number;
  /** Milliseconds from spawning the server until it answered a static file. */
  listeningAfterMs: number;
  latency: LatencySummary;
  errors: Record<string, number>;
  anomalies: Anomalies;
}

async function makeShoppers(db: Db, count: number): Promise<{ id: string; phone: string }[]> {
  // One argon2 hash for every shopper (the seed's history does the same): the password is the same.
  const passwordHash = await hashPassword(PASSWORD);
  const out: { id: string; phone: string; code: string }[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `134${String(i + 1).padStart(8, "0")}`;
    const referralCode = i % CHAIN === 0 ? null : out[i - 1]!.code;
    const { userId, referralCode: code } = await createShopper(db, systemClock, { phone, passwordHash, referralCode, displayName: `bench ${i + 1}` });
    out.push({ id: userId, phone, code });
  }
  await fundFromOpening(db, systemClock, [
    ...out.map((s) => ({ userId: s.id, asset: "cash" as const, amount: CASH })),
    ...out.filter((_, i) => i % 3 !== 2).map((s) => ({ userId: s.id, asset: "credit" as const, amount: CREDIT })),
  ]);
  await makePromoters(db, out.filter((_, i) => i % CHAIN !== CHAIN - 1).map((s) => s.id), new Date(Date.now() + 30 * 86400_000));
  return out;
}

function serverEnv(url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: "bench-http-join-auth-secret-not-for-production-0",
    GATEWAY_WEBHOOK_SECRET: "bench-http-join-webhook-secret-not-for-production",
    PAYOUT_CALLBACK_SECRET: "bench-http-join-payout-secret-not-for-production-",
    AUTH_TRUST_HOST: "true",
    NODE_ENV: "production",
  };
  delete env.E2E_TEST_CLOCK;
  return env;
}

/** Starts scripts/serve.ts (as npm start does) and resolves once it serves a static file (nothing warmed by the bench). */
async function startServer(url: string): Promise<{ server: ManagedChild; listeningAfterMs: number }> {
  const t0 = performance.now();
  const nodeArgs = CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : undefined;
  const server = startNext(projectDir, { mode: "start", port: PORT, env: serverEnv(url), ownProcessGroup: true, nodeArgs });
  await waitUntilServing(`${SITE}/bench/blank.html`, server, 120_000);
  return { server, listeningAfterMs: performance.now() - t0 };
}

/** Waits until the server has drawn every group of the activity that filled; returns the seconds it took. */
async function drainDraws(db: Db, activityId: string): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const [row] = await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM groups WHERE activity_id = ${activityId} AND status = 'full'`);
    if (Number(row?.n ?? 0) === 0) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > 120_000) return Number.NaN; // left for the anomalies to report
    await sleep(20);
  }
}

/** One join over HTTP by `shopper` into `activity`; resolves with the entry id once it is seated. */
async function joinOverHttp(shopper: Shopper, activity: Activity, seq: number): Promise<string> {
  const entryId = randomUUID();
  await trpcMutation(shopper.http, "activities.join", { activityId: activity.id, itemId: activity.itemIds[seq % activity.itemIds.length]!, entryId });
  return entryId;
}

/** The bench's error kinds, keyed as findAnomalies expects (a shopper's second seat in a group is a refusal, not an anomaly). */
function asJoinErrors(errors: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = k.endsWith(" SEATS_PER_USER_REACHED") ? "SEATS_PER_USER_REACHED" : k;
    out[key] = (out[key] ?? 0) + v;
  }
  return out;
}

async function runHttpJoins(db: Db, server: ManagedChild, shoppers: Shopper[]): Promise<HttpRun> {
  const activity = await makeActivity(db, `HTTP joins, ${shoppers.length} shoppers`);
  const okEntries: string[] = [];
  const errorsSeen: Record<string, number> = {};
  const startLoad = load1();
  let web0: number | null = null;
  let db0: Map<number, number> | null = null;
  const result = await runFixedLoad(
    {
      concurrency: shoppers.length,
      total: Number.POSITIVE_INFINITY,
      warmup: WARMUP_JOINS,
      durationMs: SECONDS * 1000,
      onMeasureStart: async () => {
        await drainDraws(db, activity.id);
        await db.execute(sql`ANALYZE`); // as bench:join: the statistics autovacuum keeps on a live database
        db0 = await backendCpuMs(BASE_URL, DB_NAME);
        web0 = processTreeCpuMs(server.process.pid!);
      },
    },
    async (worker, seq, measured) => {
      try {
        const entryId = await joinOverHttp(shoppers[worker]!, activity, seq);
        okEntries.push(entryId);
      } catch (e) {
        if (measured) errorsSeen[errorCode(e)] = (errorsSeen[errorCode(e)] ?? 0) + 1;
        throw e;
      }
    },
  );
  const drainSeconds = await drainDraws(db, activity.id);
  const web1 = processTreeCpuMs(server.process.pid!);
  const dbCpu = backendCpuDelta(db0, await backendCpuMs(BASE_URL, DB_NAME));
  const anomalies = await findAnomalies(db, activity.id, okEntries, asJoinErrors(result.errors), {});
  const per = (ms: number | null) => (ms === null ? null : ms / Math.max(1, result.ok));
  return {
    shoppers: shoppers.length,
    load1: startLoad,
    result,
    drainSeconds,
    endToEnd: result.ok / (result.seconds + drainSeconds),
    anomalies,
    webCpuPerJoin: per(web0 === null || web1 === null ? null : web1 - web0),
    dbCpuPerJoin: per(dbCpu),
  };
}

/**
 * The cold start: the server restarted, and the moment it serves a static file every shopper (signed
 * in before the restart: sessions live in the cookie and the database) sends one join, all at once,
 * each on a new connection.
 */
async function runColdStart(db: Db, url: string, previous: ManagedChild, shoppers: Shopper[]): Promise<{ run: ColdRun; server: ManagedChild }> {
  const activity = await makeActivity(db, `cold start, ${shoppers.length} shoppers`);
  await previous.stop();
  const { server, listeningAfterMs } = await startServer(url);
  log(`  server restarted: serving after ${fixed(listeningAfterMs, 0)} ms; ${shoppers.length} joins at once…`);
  const samples: number[] = [];
  const errors: Record<string, number> = {};
  const okEntries: string[] = [];
  await Promise.all(
    shoppers.map(async (s, i) => {
      const t0 = performance.now();
      try {
        okEntries.push(await joinOverHttp(s, activity, i));
        samples.push(performance.now() - t0);
      } catch (e) {
        errors[errorCode(e)] = (errors[errorCode(e)] ?? 0) + 1;
      }
    }),
  );
  await drainDraws(db, activity.id);
  const anomalies = await findAnomalies(db, activity.id, okEntries, asJoinErrors(errors), {});
  return { run: { shoppers: shoppers.length, listeningAfterMs, latency: summarize(samples), errors, anomalies }, server };
}

async function signInAll(shoppers: Shopper[]): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SIGN_IN_CONCURRENCY }, async () => {
      while (next < shoppers.length) {
        const s = shoppers[next++]!;
        await signInThroughNextAuth(s.http, s.phone, PASSWORD);
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

const errorsText = (errors: Record<string, number>) =>
  Object.keys(errors).length === 0
    ? "none"
    : Object.entries(errors)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ");

async function main(): Promise<void> {
  if ([3000, 3100].includes(PORT)) throw new Error(`BENCH_PORT ${PORT} belongs to npm start or the e2e suite`);
  const info = await serverInfo(BASE_URL);
  log(`PostgreSQL ${info.version} (${Object.entries(info.settings).map(([k, v]) => `${k}=${v}`).join(", ")})`);
  log(`client: node ${process.version}, ${os.cpus().length} CPUs, load average ${loadavg()} (1/5/15 min; other work on this machine shares these cores)`);
  log(`shopper counts ${COUNTS.join(", ")}: ${WARMUP_JOINS} warm-up joins, then ${SECONDS}s measured each; server on ${SITE}, DB_POOL_MAX=${process.env.DB_POOL_MAX ?? "10 (default)"}`);

  await buildIfStale(projectDir, serverEnv(databaseUrl(BASE_URL, DB_NAME)));

  const version = pgbenchVersion();
  const pgbench: { label: string; r: PgbenchResult; load1: string }[] = [];
  const runPgbench = async (label: string) => {
    const l = load1();
    const r = await runPgbenchLogged(databaseUrl(BASE_URL, PGBENCH_DB), { clients: PGBENCH_CLIENTS, seconds: PGBENCH_SECONDS }, `${label}; load average ${loadavg()}`, log);
    if (r) pgbench.push({ label, r, load1: l });
  };
  if (!version) log("pgbench not found on PATH (set PGBENCH=/path/to/pgbench, or install postgresql-client): no yardstick, no ratio");
  else {
    log(`${version}: creating ${PGBENCH_DB}, pgbench -i -s ${PGBENCH_SCALE}…`);
    await recreateDatabase(BASE_URL, PGBENCH_DB);
    await pgbenchInit(databaseUrl(BASE_URL, PGBENCH_DB), PGBENCH_SCALE);
    await runPgbench("before");
  }

  log(`creating ${DB_NAME}, migrating, ${SHOPPERS} shoppers through createShopper (¥${CASH / 100} cash each, 2 in 3 with ¥${CREDIT / 100} credit, referral chains of ${CHAIN})…`);
  await recreateDatabase(BASE_URL, DB_NAME);
  const url = databaseUrl(BASE_URL, DB_NAME);
  await migrateDatabase(url);
  const handle = createDb(url, { max: DOMAIN_POOL });
  const db = handle.db;
  let server: ManagedChild | null = null;
  const httpRuns: HttpRun[] = [];
  const domainRuns: JoinRun[] = [];
  let cold: ColdRun | null = null;
  try {
    const made = await makeShoppers(db, SHOPPERS);
    await db.execute(sql`VACUUM ANALYZE`);

    if (DOMAIN) {
      for (const count of COUNTS) {
        log(`domain path (bench:join's JoinQueue in this process, pool ${DOMAIN_POOL}): ${count} shoppers; load average ${loadavg()}…`);
        const run = await runDomainJoins(
          handle,
          `domain path, ${count} shoppers`,
          { clients: count, pool: DOMAIN_POOL, batch: 64 },
          { adminUrl: BASE_URL, database: DB_NAME, seconds: SECONDS, warmupJoins: WARMUP_JOINS, inFlight: DOMAIN_IN_FLIGHT, shopperFor: (w) => made[w]!.id },
          load1,
        );
        domainRuns.push(run);
        log(`  ${run.result.ok} joins: ${fixed(run.endToEnd, 0)}/s end to end, p50 ${fixed(run.result.latency.p50, 1)} ms, p99 ${fixed(run.result.latency.p99, 1)} ms; anomalies ${totalAnomalies(run.anomalies)}${totalAnomalies(run.anomalies) ? ` (${nonZeroAnomalies(run.anomalies)})` : ""}`);
      }
    }

    log(`starting the server (scripts/serve.ts, production)${CPU_PROF ? ` with --cpu-prof into ${CPU_PROF}` : ""}…`);
    const started = await startServer(url);
    server = started.server;
    log(`  serving after ${fixed(started.listeningAfterMs, 0)} ms`);
    const agent = keepAliveAgent();
    const shoppers: Shopper[] = made.map((s) => ({ ...s, http: new HttpSession(SITE, agent) }));
    const signInSeconds = await signInAll(shoppers);
    log(`  ${shoppers.length} shoppers signed in through next-auth in ${fixed(signInSeconds, 1)} s`);

    for (const count of COUNTS) {
      log(`HTTP joins: ${count} shoppers; load average ${loadavg()}…`);
      const run = await runHttpJoins(db, server, shoppers.slice(0, count));
      httpRuns.push(run);
      log(
        `  ${run.result.ok} joins: ${fixed(run.endToEnd, 0)}/s end to end (drain ${fixed(run.drainSeconds, 2)} s), p50 ${fixed(run.result.latency.p50, 1)} ms, p99 ${fixed(run.result.latency.p99, 1)} ms; ` +
          `errors ${errorsText(run.result.errors)}; CPU ms/join web ${run.webCpuPerJoin === null ? "n/a" : fixed(run.webCpuPerJoin, 2)}, database ${run.dbCpuPerJoin === null ? "n/a" : fixed(run.dbCpuPerJoin, 2)}; anomalies ${totalAnomalies(run.anomalies)}${totalAnomalies(run.anomalies) ? ` (${nonZeroAnomalies(run.anomalies)})` : ""}`,
      );
    }
    agent.destroy();

    if (COLD) {
      log(`cold start: restarting the server; load average ${loadavg()}…`);
      const coldAgent = keepAliveAgent();
      const coldShoppers = shoppers.map((s) => {
        // New sockets (the old ones died with the server), same cookies.
        const http = new HttpSession(SITE, coldAgent, 60_000);
        s.http.copyCookiesTo(http);
        return { ...s, http };
      });
      const r = await runColdStart(db, url, server, coldShoppers);
      server = r.server;
      cold = r.run;
      log(`  ${cold.latency.count} answered: p50 ${fixed(cold.latency.p50, 0)} ms, p99 ${fixed(cold.latency.p99, 0)} ms, max ${fixed(cold.latency.max, 0)} ms; errors ${errorsText(cold.errors)}; anomalies ${totalAnomalies(cold.anomalies)}`);
    }

    if (version) await runPgbench("after");
  } finally {
    await server?.stop();
    await handle.close();
  }

  // ---- report ------------------------------------------------------------------------------------
  const yard = pgbench.length ? pgbench.reduce((s, p) => s + p.r.tps, 0) / pgbench.length : undefined;
  const ratio = (tps: number) => (yard ? `${fixed(tps / yard, 2)}x` : "n/a");
  const violations = await (async () => {
    const h = createDb(url, { max: 1 });
    try {
      const { checkLedgerInvariants } = await import("@/server/domain/ledger");
      return await checkLedgerInvariants(h.db);
    } finally {
      await h.close();
    }
  })();
  console.log("");
  console.log(
    `Joins into one hot activity (N=${N}, K=${K}, P=¥${P / 100}, all rewards and referral L1/L2 on), one closed loop per shopper, ${SECONDS}s each after ${WARMUP_JOINS} warm-up joins; ` +
      `HTTP = scripts/serve.ts (production; /api/trpc answered by server/api/trpc-node-handler.ts) → /api/trpc/activities.join with the shopper's next-auth cookie, keep-alive sockets; latency = the join's request, from send to answer (seat committed); ` +
      `joins/s = joins / (measured seconds + time for the server to draw the groups left full); ratio = over the mean of the pgbench runs at ${PGBENCH_CLIENTS} clients (${yard ? fixed(yard, 0) : "n/a"} tps); ` +
      `overhead = domain path joins/s ÷ HTTP joins/s at the same count.`,
  );
  const rows: (string | number)[][] = [];
  for (const r of httpRuns) {
    const d = domainRuns.find((x) => x.scenario.clients === r.shoppers);
    rows.push([
      `HTTP, ${r.shoppers} shoppers`,
      r.result.ok,
      fixed(r.endToEnd, 0),
      fixed(r.result.latency.p50, 1),
      fixed(r.result.latency.p99, 1),
      ratio(r.endToEnd),
      d ? `${fixed(d.endToEnd / Math.max(1e-9, r.endToEnd), 2)}x` : "n/a",
      r.webCpuPerJoin === null ? "n/a" : fixed(r.webCpuPerJoin, 2),
      r.dbCpuPerJoin === null ? "n/a" : fixed(r.dbCpuPerJoin, 2),
      Object.values(r.result.errors).reduce((a, b) => a + b, 0),
      totalAnomalies(r.anomalies),
      r.load1,
    ]);
  }
  for (const d of domainRuns) {
    rows.push([d.name, d.result.ok, fixed(d.endToEnd, 0), fixed(d.result.latency.p50, 1), fixed(d.result.latency.p99, 1), ratio(d.endToEnd), "", fixed(d.clientCpuPerJoin, 2), d.serverCpuPerJoin === null ? "n/a" : fixed(d.serverCpuPerJoin, 2), Object.values(d.result.errors).reduce((a, b) => a + b, 0), totalAnomalies(d.anomalies), d.load1]);
  }
  for (const p of pgbench) rows.push([`pgbench TPC-B, ${p.r.clients} clients (${p.label})`, "", fixed(p.r.tps, 0), fixed(p.r.latency.p50, 2), fixed(p.r.latency.p99, 2), "", "", "", "", p.r.failed, "", p.load1]);
  console.log(formatTable(["run", "joins", "joins/s", "p50 ms", "p99 ms", `ratio to pgbench(${PGBENCH_CLIENTS})`, "overhead", "CPU ms/join web (domain: bench process)", "CPU ms/join database", "errors", "anomalies", "load1"], rows));
  for (const r of httpRuns) console.log(`errors by kind, HTTP ${r.shoppers} shoppers: ${errorsText(r.result.errors)}`);
  if (cold) {
    console.log(
      `cold start (server restarted, serving a static file after ${fixed(cold.listeningAfterMs, 0)} ms; then ${cold.shoppers} joins at once, one per signed-in shopper, each on a new connection): ` +
        `${cold.latency.count} answered, p50 ${fixed(cold.latency.p50, 0)} ms, p99 ${fixed(cold.latency.p99, 0)} ms, max ${fixed(cold.latency.max, 0)} ms; errors ${errorsText(cold.errors)}; anomalies ${totalAnomalies(cold.anomalies)}`,
    );
  }
  const anomalous = [...httpRuns.map((r) => [`HTTP ${r.shoppers}`, r.anomalies] as const), ...domainRuns.map((r) => [r.name, r.anomalies] as const), ...(cold ? [["cold start", cold.anomalies] as const] : [])].filter(([, a]) => totalAnomalies(a) > 0);
  for (const [name, a] of anomalous) console.log(`ANOMALIES in ${name}: ${nonZeroAnomalies(a)}`);
  console.log(`ledger invariants over the whole bench database after every run: ${violations.length === 0 ? "hold" : `${violations.length} VIOLATED: ${JSON.stringify(violations.slice(0, 5))}`}`);
  if (CPU_PROF) {
    console.log("");
    console.log(await summarizeCpuProfiles(CPU_PROF, projectDir));
  }
  log(`done; load average ${loadavg()}`);

  if (!KEEP) {
    await dropDatabase(BASE_URL, DB_NAME);
    if (version) await dropDatabase(BASE_URL, PGBENCH_DB);
  }
  if (anomalous.length > 0 || violations.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof RequestFailed ? `${e.code}: ${e.message}` : e);
  process.exit(1);
});

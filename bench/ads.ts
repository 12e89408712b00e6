/**
 * `npm run bench:ads`: BENCH_SHOPPERS (1,000) shoppers each complete one daily ad set (4 views) at
 * once, through the domain layer against real PostgreSQL, the way the API runs them: start the set,
 * then per view open (the campaign's price reserved from its cap and its advertiser's budget),
 * wait the creative's duration on the server's clock (each shopper's clock is moved, not waited on),
 * complete; the last completion pays the tier and the referral commission. Four campaigns of two
 * advertisers; the two smallest budgets run out during the run, so serving moves to the others.
 * Prints completed sets/s, p50/p99 of a set and of each transaction kind, anomalies (overspent
 * budget, a set paid twice or not at all, a reservation left behind, ledger invariants: must be 0),
 * and pgbench's TPC-B-like rate (8 clients) on the same server before and after, with the ratio.
 *
 * Creates (drops first) pinpin_bench_ads and pinpin_bench_ads_pgbench on BENCH_PG_URL.
 * Tunables (env): BENCH_PG_URL, BENCH_SHOPPERS (1000), BENCH_POOL (16 connections),
 *   BENCH_PGBENCH_CLIENTS (8), BENCH_PGBENCH_SECONDS (10), BENCH_PGBENCH_SCALE (10), BENCH_KEEP=1.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { completeAdView } from "@/server/domain/ads/complete-ad-view";
import { recordPrepayment, saveAdvertiser } from "@/server/domain/ads/manage-advertisers";
import { saveCampaign } from "@/server/domain/ads/manage-campaigns";
import { openAdView } from "@/server/domain/ads/open-ad-view";
import { startAdSet } from "@/server/domain/ads/start-ad-set";
import { AD_SETTING_DEFAULTS } from "@/server/domain/ads/ad-settings";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { writeSetting } from "@/server/domain/settings/platform-settings";
import { FixedClock, systemClock } from "@/server/domain/shared/clock";
import { backendCpuDelta, backendCpuMs, clientCpuMs } from "./lib/cpu";
import { envNumber } from "./lib/env";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { pgbenchInit, pgbenchRun, pgbenchVersion } from "./lib/pgbench";
import { fundFromOpening, insertShoppers, makePromoters } from "./lib/shoppers";
import { summarize } from "./lib/stats";
import { fixed, formatTable } from "./lib/table";

const BASE_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ADS_DB = "pinpin_bench_ads";
const PGBENCH_DB = "pinpin_bench_ads_pgbench";
const SHOPPERS = envNumber("BENCH_SHOPPERS", 1000);
const POOL = envNumber("BENCH_POOL", 16);
const PGBENCH_CLIENTS = envNumber("BENCH_PGBENCH_CLIENTS", 8);
const PGBENCH_SECONDS = Math.max(1, Math.round(envNumber("BENCH_PGBENCH_SECONDS", 10)));
const PGBENCH_SCALE = envNumber("BENCH_PGBENCH_SCALE", 10);
const VIEWS = 4;
const log = (msg: string) => console.log(`[bench] ${msg}`);

/** Campaign budgets in views: the first two run out during the run; together they hold every view. */
const CAMPAIGNS = [
  { advertiser: 0, priceFen: 50, views: Math.round(SHOPPERS * VIEWS * 0.1) },
  { advertiser: 0, priceFen: 30, views: Math.round(SHOPPERS * VIEWS * 0.25) },
  { advertiser: 1, priceFen: 40, views: SHOPPERS * VIEWS },
  { advertiser: 1, priceFen: 20, views: SHOPPERS * VIEWS },
];

async function setUp(db: Db): Promise<string[]> {
  const staff = await db.execute<{ id: string }>(sql`
    INSERT INTO users (phone, password_hash, role, display_name, referral_code, created_at)
    VALUES ('13900000091', 'x', 'owner', 'bench owner', 'BENCHOWNER', now()) RETURNING id`);
  const actor = { id: staff[0]!.id, role: "owner", ip: "bench" };
  await db.transaction((tx) => writeSetting(tx, systemClock, actor, "ads", { ...AD_SETTING_DEFAULTS, viewSessionsPerIpPerHour: 100_000 }));
  const advertisers: string[] = [];
  for (const name of ["Bench A", "Bench B"]) {
    const { id } = await db.transaction((tx) => saveAdvertiser(tx, systemClock, actor, { name, contact: "" }));
    advertisers.push(id);
  }
  for (const [i, c] of CAMPAIGNS.entries()) {
    const advertiserId = advertisers[c.advertiser]!;
    await db.transaction(async (tx) => {
      await recordPrepayment(tx, systemClock, actor, { prepaymentId: randomUUID(), advertiserId, amountFen: c.priceFen * c.views, reference: `BENCH-${i}` });
      await saveCampaign(tx, systemClock, actor, {
        advertiserId,
        name: `campaign ${i}`,
        creativeUrl: `/api/images/${randomUUID()}.png`,
        durationSeconds: 30,
        pricePerViewFen: c.priceFen,
        budgetFen: c.priceFen * c.views,
        startsAt: new Date(Date.now() - 3_600_000),
        endsAt: null,
        active: true,
      });
    });
  }
  // Shoppers in referral chains of 3 (L1 and L2 commissions), each with 250 mall points.
  const ids = await insertShoppers(db, SHOPPERS, { prefix: "135", chainLength: 3 });
  await fundFromOpening(db, systemClock, ids.map((userId) => ({ userId, asset: "mallPoints" as const, amount: 250 })));
  await makePromoters(db, ids, new Date(Date.now() + 10 * 86_400_000));
  return ids;
}

interface Timings {
  set: number[];
  start: number[];
  open: number[];
  complete: number[];
}

/** One shopper's set: its own clock, moved past each creative's duration instead of waiting it out. */
async function watchSet(db: Db, userId: string, i: number, timings: Timings): Promise<boolean> {
  const clock = new FixedClock(new Date());
  const deviceId = `bench-device-${i}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const t0 = performance.now();
  const timed = async <T>(into: number[], fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const r = await fn();
    into.push(performance.now() - s);
    return r;
  };
  const set = await timed(timings.start, () => db.transaction((tx) => startAdSet(tx, clock, { userId, deviceId })));
  let paid = false;
  for (let v = 0; v < set.viewsRequired; v++) {
    const view = await timed(timings.open, () => db.transaction((tx) => openAdView(tx, clock, { userId, deviceId, setId: set.id, ip })));
    clock.advance(view.durationSeconds * 1000);
    const done = await timed(timings.complete, () => db.transaction((tx) => completeAdView(tx, clock, { userId, viewId: view.viewId, nonce: view.nonce })));
    paid = done.reward !== null;
  }
  timings.set.push(performance.now() - t0);
  return paid;
}

async function anomalies(db: Db): Promise<Record<string, number>> {
  const [row] = await db.execute<Record<string, string>>(sql`
    SELECT
      (SELECT count(*) FROM ad_campaigns WHERE committed_fen > budget_fen OR committed_fen < 0) AS overspent_campaigns,
      (SELECT count(*) FROM ledger_accounts WHERE advertiser_id IS NOT NULL AND balance < 0) AS negative_budgets,
      (SELECT count(*) FROM ad_campaigns c WHERE c.committed_fen <> (SELECT COALESCE(SUM(price_fen), 0) FROM ad_views v WHERE v.campaign_id = c.id AND v.status IN ('open', 'completed'))) AS committed_mismatch,
      (SELECT count(*) FROM ad_sets WHERE status <> 'completed') AS sets_not_completed,
      (SELECT count(*) FROM (SELECT ref_id FROM ledger_entries WHERE reason = 'ads.reward' GROUP BY ref_id HAVING count(*) <> 1) x) AS sets_paid_twice,
      (SELECT count(*) FROM ad_sets s WHERE s.status = 'completed' AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.reason = 'ads.reward' AND e.ref_id = s.id::text)) AS completed_unpaid,
      (SELECT count(*) FROM ad_views WHERE status = 'open') AS reservations_left`);
  const out = Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v)]));
  out.ledger_invariants = (await checkLedgerInvariants(db)).length;
  return out;
}

async function pgbench(): Promise<number> {
  const r = await pgbenchRun(databaseUrl(BASE_URL, PGBENCH_DB), { clients: PGBENCH_CLIENTS, threads: Math.min(PGBENCH_CLIENTS, 2), seconds: PGBENCH_SECONDS });
  log(`pgbench TPC-B ${PGBENCH_CLIENTS} clients: ${fixed(r.tps, 0)} tps (p50 ${fixed(r.latency.p50, 1)} ms, p99 ${fixed(r.latency.p99, 1)} ms)`);
  return r.tps;
}

async function main(): Promise<void> {
  const version = pgbenchVersion();
  if (!version) throw new Error("pgbench not found (set PGBENCH)");
  const info = await serverInfo(BASE_URL);
  log(`PostgreSQL ${info.version}, ${JSON.stringify(info.settings)}; ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => fixed(x, 2)).join(" ")}`);
  await recreateDatabase(BASE_URL, ADS_DB);
  await recreateDatabase(BASE_URL, PGBENCH_DB);
  await pgbenchInit(databaseUrl(BASE_URL, PGBENCH_DB), PGBENCH_SCALE);
  const url = databaseUrl(BASE_URL, ADS_DB);
  await migrateDatabase(url);
  const handle = createDb(url, { max: POOL });
  try {
    const ids = await setUp(handle.db);
    log(`${ids.length} shoppers, ${CAMPAIGNS.length} campaigns (budgets of ${CAMPAIGNS.map((c) => c.views).join(", ")} views), pool ${POOL}`);
    const before = await pgbench();

    const timings: Timings = { set: [], start: [], open: [], complete: [] };
    const cpu0 = clientCpuMs();
    const backend0 = await backendCpuMs(BASE_URL, ADS_DB);
    const t0 = performance.now();
    const results = await Promise.allSettled(ids.map((u, i) => watchSet(handle.db, u, i, timings)));
    const seconds = (performance.now() - t0) / 1000;
    const backend = backendCpuDelta(backend0, await backendCpuMs(BASE_URL, ADS_DB));
    const clientCpu = clientCpuMs() - cpu0;
    const failures = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    const paid = results.filter((r) => r.status === "fulfilled" && r.value).length;

    const after = await pgbench();
    const tps = (before + after) / 2;
    const rate = paid / seconds;
    const found = await anomalies(handle.db);
    const anomalyCount = Object.values(found).reduce((a, b) => a + b, 0) + failures.length;
    const served = await handle.db.execute<{ name: string; views: string; budget_views: string; committed: string; budget: string }>(sql`
      SELECT c.name, count(v.id) FILTER (WHERE v.status = 'completed') AS views, c.budget_fen / c.price_per_view_fen AS budget_views, c.committed_fen AS committed, c.budget_fen AS budget
      FROM ad_campaigns c LEFT JOIN ad_views v ON v.campaign_id = c.id GROUP BY c.id ORDER BY c.name`);

    console.log("");
    console.log(formatTable(["campaign", "completed views", "budget (views)", "committed ¥", "budget ¥"], served.map((s) => [s.name, s.views, s.budget_views, fixed(Number(s.committed) / 100, 2), fixed(Number(s.budget) / 100, 2)])));
    console.log("");
    const row = (name: string, xs: number[]) => {
      const s = summarize(xs);
      return [name, s.count, fixed(s.p50, 1), fixed(s.p99, 1), fixed(s.max, 1)];
    };
    console.log(formatTable(["latency (ms)", "count", "p50", "p99", "max"], [row("whole set", timings.set), row("start set", timings.start), row("open view", timings.open), row("complete view", timings.complete)]));
    console.log("");
    const txns = timings.start.length + timings.open.length + timings.complete.length;
    console.log(
      formatTable(
        ["", "value"],
        [
          ["completed sets", `${paid} of ${ids.length}`],
          ["seconds", fixed(seconds, 2)],
          ["completed sets/s", fixed(rate, 1)],
          ["ad transactions/s (start, open, complete)", fixed(txns / seconds, 0)],
          ["pgbench TPC-B tps (mean of before/after)", fixed(tps, 0)],
          ["ratio sets/s ÷ pgbench tps", fixed(rate / tps, 3)],
          ["ratio ad transactions/s ÷ pgbench tps", fixed(txns / seconds / tps, 3)],
          ["client CPU ms per set", fixed(clientCpu / Math.max(1, paid), 2)],
          ["server CPU ms per set", backend === null ? "n/a" : fixed(backend / Math.max(1, paid), 2)],
          ["anomalies", anomalyCount],
        ],
      ),
    );
    console.log(`anomalies by kind: ${JSON.stringify({ ...found, failed_sets: failures.length })}`);
    if (failures.length) console.log(`first failure: ${failures[0]}`);
    console.log(`floor (ratio ≥ 0.5): ${rate / tps >= 0.5 ? "met" : "NOT met"}; aim (ratio ≥ 1.0): ${rate / tps >= 1 ? "met" : "not met"}`);
    process.exitCode = anomalyCount > 0 ? 1 : 0;
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP !== "1") {
      await dropDatabase(BASE_URL, ADS_DB);
      await dropDatabase(BASE_URL, PGBENCH_DB);
    }
  }
}

await main();

/**
 * `npm run bench:settle`: the daily dividend and the static release for a million users, next to a
 * plain `INSERT … SELECT` of the same number of ledger rows into an equally indexed table (same
 * server, same run) as the yardstick.
 *
 * Seeds (set-based SQL) BENCH_USERS users (1,000,000) with credit balances (and their opening
 * entries, so the ledger balances) and a business day of BENCH_WINNING_ENTRIES winning entries
 * (100,000), then times each job, re-runs it (must pay nothing), and checks the ledger invariants.
 * Creates (drops first) the database pinpin_bench_settle on BENCH_PG_URL; BENCH_KEEP=1 keeps it.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { runDailyDividend } from "@/server/domain/settlement/daily-dividend";
import { runStaticRelease } from "@/server/domain/settlement/static-release";
import { databaseUrl, dropDatabase, recreateDatabase, serverInfo } from "./lib/pg";
import { seedSettlement } from "./lib/settle-seed";
import { fixed, formatTable } from "./lib/table";

const BASE_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "pinpin_bench_settle";
const USERS = envNumber("BENCH_USERS", 1_000_000);
const WINNING_ENTRIES = envNumber("BENCH_WINNING_ENTRIES", 100_000);
const DAY = "2026-11-24";
// 2026-11-25 00:00 in Shanghai: the jobs settle 2026-11-24.
const clock = new FixedClock("2026-11-24T16:00:00Z");

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, not ${raw}`);
  return n;
}

const log = (msg: string) => console.log(`[bench] ${msg}`);

/** Seconds spent before each step of a job, summed over its chunks (the jobs' onStep seam). */
function stepTimer(): { onStep: (step: string) => void; report: (label: string) => void } {
  const totals = new Map<string, number>();
  let last = performance.now();
  return {
    onStep: (step) => {
      const now = performance.now();
      totals.set(step, (totals.get(step) ?? 0) + (now - last) / 1000);
      last = now;
    },
    report: (label) => log(`${label} by step (s, up to each step): ${[...totals].map(([k, v]) => `${k} ${fixed(v, 2)}`).join(", ")}`),
  };
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  log(`${label}: ${fixed(seconds, 2)} s`);
  return { value, seconds };
}

/** The yardstick: `rows` rows of ledger shape into a copy of ledger_entries with the same indexes. */
async function plainInsert(db: Db, rows: number): Promise<number> {
  await db.execute(sql`DROP TABLE IF EXISTS bench_plain_entries`);
  await db.execute(sql`CREATE TABLE bench_plain_entries (LIKE ledger_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  await db.execute(sql`VACUUM ANALYZE bench_plain_entries`);
  const t0 = performance.now();
  await db.execute(sql`
    INSERT INTO bench_plain_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
    SELECT 'plain:' || a.user_id || ':' || a.asset, 'cash', 1, a.id, 1 + a.id % 1000, 'bench.plain', 'bench', '1', now()
    FROM ledger_accounts a WHERE a.user_id IS NOT NULL ORDER BY a.id LIMIT ${rows}`);
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  const info = await serverInfo(BASE_URL);
  log(`PostgreSQL ${info.version}; ${os.cpus().length} cores; ${Object.entries(info.settings).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  await recreateDatabase(BASE_URL, DB_NAME);
  const url = databaseUrl(BASE_URL, DB_NAME);
  await migrateDatabase(url);
  const { db, close } = createDb(url, { max: 2 });
  try {
    const seeded = await timed(`seed ${USERS.toLocaleString("en")} users with credit, ${WINNING_ENTRIES.toLocaleString("en")} winning entries`, () => seedSettlement(db, { users: USERS, winningEntries: WINNING_ENTRIES, day: DAY }));
    void seeded;

    const loadBefore = os.loadavg()[0] ?? 0;
    const dSteps = stepTimer();
    const dividend = await timed("daily dividend", () => runDailyDividend(db, clock, { day: DAY, onStep: dSteps.onStep }));
    dSteps.report("daily dividend");
    const dividendAgain = await timed("daily dividend re-run", () => runDailyDividend(db, clock, { day: DAY }));
    const settings = { enabled: true, baseBp: 3, accelerationBp: 1 };
    const rSteps = stepTimer();
    const release = await timed("static release", () => runStaticRelease(db, clock, { day: DAY, settings, onStep: rSteps.onStep }));
    rSteps.report("static release");
    const releaseAgain = await timed("static release re-run", () => runStaticRelease(db, clock, { day: DAY, settings }));
    if (dividendAgain.value.ranNow || releaseAgain.value?.ranNow) throw new Error("a re-run paid again");
    const dRun = dividend.value.run;
    const rRun = release.value?.run;
    if (!rRun) throw new Error("static release did not run");

    const plainD = await plainInsert(db, dRun.entriesPosted);
    log(`plain INSERT … SELECT of ${dRun.entriesPosted.toLocaleString("en")} rows: ${fixed(plainD, 2)} s`);
    const plainR = await plainInsert(db, Math.min(rRun.entriesPosted, USERS * 2));
    const plainRows = Math.min(rRun.entriesPosted, USERS * 2);
    log(`plain INSERT … SELECT of ${plainRows.toLocaleString("en")} rows: ${fixed(plainR, 2)} s`);

    const inv = await timed("ledger invariants", () => checkLedgerInvariants(db));
    if (inv.value.length > 0) throw new Error(`ledger invariants violated: ${JSON.stringify(inv.value.slice(0, 5))}`);

    const row = (name: string, rows: number, s: number, plainRowsN: number, plainS: number) => {
      const rps = rows / s;
      const plainRps = plainRowsN / plainS;
      return [name, rows.toLocaleString("en"), fixed(s, 2), Math.round(rps).toLocaleString("en"), fixed(plainS, 2), Math.round(plainRps).toLocaleString("en"), fixed(rps / plainRps, 2)];
    };
    console.log();
    console.log(`daily dividend ${DAY}: pool ${dRun.poolFen} fen, paid ${dRun.paidFen} to ${dRun.payees} winners, remainder ${dRun.remainderFen}`);
    console.log(`static release ${DAY}: ${rRun.paidFen} fen credit → cash for ${rRun.payees.toLocaleString("en")} users (base 3 bp + 1 bp per entry)`);
    console.log();
    console.log(
      formatTable(
        ["job", "ledger rows", "s", "rows/s", "plain INSERT s", "plain rows/s", "ratio"],
        [row("daily dividend", dRun.entriesPosted, dividend.seconds, dRun.entriesPosted, plainD), row("static release", rRun.entriesPosted, release.seconds, plainRows, plainR)],
      ),
    );
    console.log();
    console.log(`load average (1 min) before the runs ${fixed(loadBefore, 2)}, after ${fixed(os.loadavg()[0] ?? 0, 2)} (${os.cpus().length} cores; other work on the machine slows both columns)`);
    console.log(`both runs: ${fixed(dividend.seconds + release.seconds, 2)} s; re-runs: ${fixed(dividendAgain.seconds, 2)} s and ${fixed(releaseAgain.seconds, 2)} s (nothing paid); ledger invariants hold`);
    // The issue's targets, judged on this run: the floor, and the aim beyond it.
    const both = dividend.seconds + release.seconds;
    const worstRatio = Math.min(dRun.entriesPosted / dividend.seconds / (dRun.entriesPosted / plainD), rRun.entriesPosted / release.seconds / (plainRows / plainR));
    console.log(`floor (both runs under 30 s): ${both < 30 ? "met" : "NOT met"}; aim (under 10 s, ratio ≥ 0.5): ${both < 10 && worstRatio >= 0.5 ? "met" : "not met"} (lowest ratio ${fixed(worstRatio, 2)})`);
  } finally {
    await close();
    if (process.env.BENCH_KEEP !== "1") await dropDatabase(BASE_URL, DB_NAME);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

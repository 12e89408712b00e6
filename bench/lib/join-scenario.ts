import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Db, DbHandle } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { activityItems } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { createActivity } from "@/server/domain/activities/create-activity";
import { DrawScheduler } from "@/server/runtime/draw-scheduler";
import { JoinQueue } from "@/server/runtime/join-queue";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { systemClock } from "@/server/domain/shared/clock";
import { backendCpuDelta, backendCpuMs, clientCpuMs } from "./cpu";
import { runFixedLoad } from "./fixed-load";
import { errorCode, type LoadResult } from "./load";
import { summarize, type LatencySummary } from "./stats";
import { startWaitSampler, type WaitProfile } from "./wait-sampler";

/**
 * The join benchmarks' hot activity (N = 10, K = 3 at ¥19.99, every reward and both referral levels
 * on), the domain-path scenario of `bench:join` (closed loops through one JoinQueue), and the checks
 * that must come out zero after any run that joined it, whatever path the joins took.
 */

export const P = 1999; // ¥19.99
export const N = 10;
export const K = 3;
const ACTOR = { id: randomUUID(), role: "owner", ip: "127.0.0.1" };

export interface Activity {
  id: string;
  itemIds: string[];
}

export async function makeActivity(db: Db, name: string): Promise<Activity> {
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

export interface Scenario {
  clients: number;
  pool: number;
  batch: number;
}

export interface DomainJoinOptions {
  /** Admin URL of the server and the joins' database name (for backend CPU and the wait sampler). */
  adminUrl: string;
  database: string;
  seconds: number;
  warmupJoins: number;
  inFlight: number;
  /** The shopper of a closed loop's next join (bench:join: any shopper at random). */
  shopperFor: (worker: number) => string;
}

export interface JoinRun {
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
export async function runDomainJoins(handle: DbHandle, name: string, sc: Scenario, opts: DomainJoinOptions, load1: () => string): Promise<JoinRun> {
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
    maxInFlight: opts.inFlight,
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

  const join = async (worker: number, seq: number) => {
    const entryId = randomUUID();
    const itemId = activity.itemIds[seq % activity.itemIds.length]!;
    try {
      await queue.join(activity.id, { userId: opts.shopperFor(worker), itemId, entryId });
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
      warmup: opts.warmupJoins,
      durationMs: opts.seconds * 1000,
      onMeasureStart: async () => {
        await draws.idle();
        // Statistics as autovacuum keeps them on a live database: the seed analysed the tables while
        // they were empty, and the draw's plans would go on scanning entries as if they still were.
        await db.execute(sql`ANALYZE`);
        backends0 = await backendCpuMs(opts.adminUrl, opts.database);
        cpu0 = clientCpuMs();
        sampler.current = startWaitSampler(opts.adminUrl, opts.database, 10);
        measuring = true;
      },
    },
    (w, seq) => join(w, seq),
  );
  measuring = false;
  const t0 = performance.now();
  await draws.idle();
  const drainSeconds = (performance.now() - t0) / 1000;
  const waits = await sampler.current!.stop();
  const clientCpu = clientCpuMs() - cpu0;
  const serverCpu = backendCpuDelta(backends0, await backendCpuMs(opts.adminUrl, opts.database));
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

export type Anomalies = Record<string, number>;

const log = (msg: string) => console.log(`[bench] ${msg}`);

/**
 * Everything that must be zero after a run, in SQL over the activity (and the whole ledger):
 * spec §2's seat and draw invariants, the ledger's, and the joins that failed for another reason
 * than a user's second seat in a group.
 */
export async function findAnomalies(db: Db, activityId: string, okEntries: string[], joinErrors: Record<string, number>, drawErrors: Record<string, number>): Promise<Anomalies> {
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

export const totalAnomalies = (a: Anomalies) => Object.values(a).reduce((s, v) => s + v, 0);
export const nonZeroAnomalies = (a: Anomalies) =>
  Object.entries(a)
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

import "server-only";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { businessDayBounds } from "../shared/business-day";
import { DomainError } from "../shared/errors";
import { postTransfersSet } from "../ledger";
import { runSettlementJob, type RunOutcome, type RunTotals, type SettlementRun, type OutcomeHook, type StepHook } from "./run-settlement-job";

export function dailyDividendRunKey(day: string): string {
  return `daily-dividend:${day}`;
}

/**
 * 日分红 (spec §4) for business day `day`: the pool is the sum of W-E over the day's winning entries;
 * it is paid in cash to the day's winners in proportion to their winning amounts (the prices of
 * their winning entries), each share rounded down; the remainder stays with the platform. Shares
 * are frozen in settlement_payouts, then paid in one set (key `daily-dividend:<day>:<userId>`).
 *
 * A win belongs to the business day its group was drawn on (`groups.closed_at`), not the day its
 * entry joined: a group filled before midnight and drawn after it is in the next day's run, so
 * every win is in exactly one day, and a day can be run only once it is over.
 */
export async function runDailyDividend(db: Db, clock: Clock, input: { day: string; startedBy?: string | null; onStep?: StepHook; onOutcome?: OutcomeHook }): Promise<RunOutcome> {
  const bounds = businessDayBounds(input.day);
  if (!bounds) throw new DomainError("BAD_INPUT", { field: "day" });
  if (clock.now() < bounds.end) throw new DomainError("SETTLEMENT_DAY_NOT_OVER", { day: input.day });
  await waitForDrawsInFlight(db);
  const runKey = dailyDividendRunKey(input.day);
  return runSettlementJob(db, clock, { job: "daily-dividend", runKey, period: input.day, params: {}, startedBy: input.startedBy, onOutcome: input.onOutcome }, (tx, run) =>
    payDailyDividend(tx, clock, run, bounds, input.day, input.onStep),
  );
}

/**
 * A draw locks its groups (FOR UPDATE) before it reads the clock for `closed_at`
 * (groups/draw-group.ts), so one that stamped a time before the day's end may still be committing
 * when the run starts. EXCLUSIVE on `groups` waits for every transaction holding group row locks and
 * is released at once: draws that stamped the day have committed, and any later draw stamps a time
 * after this run's clock passed the day's end. Joins and draws queue for that moment only.
 */
async function waitForDrawsInFlight(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('lock_timeout', '10s', true), set_config('statement_timeout', '0', true)`);
    await tx.execute(sql`LOCK TABLE groups IN EXCLUSIVE MODE`);
  });
}

async function payDailyDividend(tx: DbOrTx, clock: Clock, run: SettlementRun, bounds: { start: Date; end: Date }, day: string, onStep?: StepHook): Promise<RunTotals> {
  // The day's wins: the groups drawn in [start, end) (groups_drawn_at_idx), then their entries by
  // group (entries_group_seat). No entries index on outcome: the draw's update of it stays HOT.
  const wins = sql`
    SELECT e.user_id, e.price_fen, e.dividend_pool_fen
    FROM groups g JOIN entries e ON e.group_id = g.id
    WHERE g.status = 'drawn' AND g.closed_at >= ${bounds.start.toISOString()}::timestamptz AND g.closed_at < ${bounds.end.toISOString()}::timestamptz
      AND e.outcome = 'won'`;
  // numeric: pool × basis can pass 2^63 for large days.
  await tx.execute(sql`
    INSERT INTO settlement_payouts (run_id, user_id, basis, amount_fen)
    WITH w AS (
      SELECT user_id, SUM(price_fen) AS basis, SUM(dividend_pool_fen) AS pool FROM (${wins}) won GROUP BY user_id
    ), t AS (SELECT SUM(pool) AS pool, SUM(basis) AS basis FROM w)
    SELECT ${run.id}, w.user_id, w.basis, floor(t.pool::numeric * w.basis / t.basis)::bigint
    FROM w CROSS JOIN t WHERE t.pool > 0
    ON CONFLICT (run_id, user_id) DO NOTHING`);
  await onStep?.("payouts");

  const posted = await postTransfersSet(tx, clock, {
    keyPrefix: `${dailyDividendRunKey(day)}:`,
    reason: "settlement.daily-dividend",
    ref: { type: "settlement_run", id: String(run.id) },
    asset: "cash",
    // One row per winner (the payouts' key), from the platform: user legs.
    userLegs: true,
    select: sql`SELECT user_id::text AS key_suffix, NULL::uuid AS from_user, 'rewards_expense'::text AS from_platform,
      user_id AS to_user, NULL::text AS to_platform, amount_fen AS amount FROM settlement_payouts WHERE run_id = ${run.id}`,
  });
  await onStep?.("posted");

  const [pool] = await tx.execute<{ pool: string | null }>(sql`SELECT SUM(dividend_pool_fen) AS pool FROM (${wins}) won`);
  const [paid] = await tx.execute<{ paid: string | null; payees: string }>(sql`
    SELECT SUM(amount_fen) AS paid, COUNT(*) FILTER (WHERE amount_fen > 0) AS payees FROM settlement_payouts WHERE run_id = ${run.id}`);
  const poolFen = Number(pool?.pool ?? 0);
  const paidFen = Number(paid?.paid ?? 0);
  return { poolFen, paidFen, remainderFen: poolFen - paidFen, payees: Number(paid?.payees ?? 0), entriesPosted: posted.inserted };
}

import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { postTransfersSet } from "../ledger";
import { runSettlementJob, type RunOutcome, type RunTotals, type SettlementRun, type StepHook } from "./run-settlement-job";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function dailyDividendRunKey(day: string): string {
  return `daily-dividend:${day}`;
}

/**
 * 日分红 (spec §4) for business day `day`: the pool is the sum of W-E over the day's winning entries;
 * it is paid in cash to the day's winners in proportion to their winning amounts (the prices of
 * their winning entries), each share rounded down; the remainder stays with the platform. Shares
 * are frozen in settlement_payouts, then paid in one set (key `daily-dividend:<day>:<userId>`).
 * Entries of `day` whose group is drawn after the run are not in it (the run is the day's record).
 */
export async function runDailyDividend(db: Db, clock: Clock, input: { day: string; startedBy?: string | null; onStep?: StepHook }): Promise<RunOutcome> {
  if (!DAY.test(input.day)) throw new DomainError("BAD_INPUT", { field: "day" });
  const runKey = dailyDividendRunKey(input.day);
  return runSettlementJob(db, clock, { job: "daily-dividend", runKey, period: input.day, params: {}, startedBy: input.startedBy }, (tx, run) =>
    payDailyDividend(tx, clock, run, input.day, input.onStep),
  );
}

async function payDailyDividend(tx: DbOrTx, clock: Clock, run: SettlementRun, day: string, onStep?: StepHook): Promise<RunTotals> {
  // numeric: pool × basis can pass 2^63 for large days.
  await tx.execute(sql`
    INSERT INTO settlement_payouts (run_id, user_id, basis, amount_fen)
    WITH w AS (
      SELECT user_id, SUM(price_fen) AS basis, SUM(dividend_pool_fen) AS pool
      FROM entries WHERE business_day = ${day} AND outcome = 'won' GROUP BY user_id
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
    select: sql`SELECT user_id::text AS key_suffix, NULL::uuid AS from_user, 'rewards_expense'::text AS from_platform,
      user_id AS to_user, NULL::text AS to_platform, amount_fen AS amount FROM settlement_payouts WHERE run_id = ${run.id}`,
  });
  await onStep?.("posted");

  const [pool] = await tx.execute<{ pool: string | null }>(sql`
    SELECT SUM(dividend_pool_fen) AS pool FROM entries WHERE business_day = ${day} AND outcome = 'won'`);
  const [paid] = await tx.execute<{ paid: string | null; payees: string }>(sql`
    SELECT SUM(amount_fen) AS paid, COUNT(*) FILTER (WHERE amount_fen > 0) AS payees FROM settlement_payouts WHERE run_id = ${run.id}`);
  const poolFen = Number(pool?.pool ?? 0);
  const paidFen = Number(paid?.paid ?? 0);
  return { poolFen, paidFen, remainderFen: poolFen - paidFen, payees: Number(paid?.payees ?? 0), entriesPosted: posted.inserted };
}

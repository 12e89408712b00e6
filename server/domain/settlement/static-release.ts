import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { postTransfersSet } from "../ledger";
import { runSettlementJob, type RunOutcome, type RunTotals, type SettlementRun, type StepHook } from "./run-settlement-job";
import { readSettlementSetting, type StaticReleaseSettings } from "./settlement-settings";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function staticReleaseRunKey(day: string): string {
  return `static-release:${day}`;
}

/**
 * 静态释放 (spec §4) for business day `day`, when switched on: each user's credit balance ×
 * (base + acceleration × the user's drawn entries of that day) basis points, rounded down and capped
 * at the balance, moves credit → credit_issued and rewards_expense → cash. The credit accounts are
 * locked (id order) while the amounts are frozen in settlement_payouts, so both legs post exactly
 * those amounts. Returns null when static release is off.
 */
export async function runStaticRelease(
  db: Db,
  clock: Clock,
  input: { day: string; startedBy?: string | null; onStep?: StepHook; settings?: StaticReleaseSettings },
): Promise<RunOutcome | null> {
  if (!DAY.test(input.day)) throw new DomainError("BAD_INPUT", { field: "day" });
  const settings = input.settings ?? (await readSettlementSetting(db, "staticRelease"));
  if (!settings.enabled) return null;
  const params = { baseBp: settings.baseBp, accelerationBp: settings.accelerationBp };
  return runSettlementJob(db, clock, { job: "static-release", runKey: staticReleaseRunKey(input.day), period: input.day, params, startedBy: input.startedBy }, (tx, run) =>
    release(tx, clock, run, input.day, params, input.onStep),
  );
}

async function release(tx: DbOrTx, clock: Clock, run: SettlementRun, day: string, rate: { baseBp: number; accelerationBp: number }, onStep?: StepHook): Promise<RunTotals> {
  // Integer division of non-negative bigints rounds down; balance × rate stays far below 2^63.
  await tx.execute(sql`
    WITH locked AS (
      SELECT id, user_id, balance FROM ledger_accounts
      WHERE asset = 'credit' AND user_id IS NOT NULL AND balance > 0
      ORDER BY id FOR NO KEY UPDATE
    ), n AS (
      SELECT user_id, COUNT(*) AS entries FROM entries
      WHERE business_day = ${day} AND outcome IN ('won', 'lost') GROUP BY user_id
    ), r AS (
      SELECT l.user_id, l.balance,
             LEAST(l.balance, l.balance * (${rate.baseBp}::bigint + ${rate.accelerationBp}::bigint * COALESCE(n.entries, 0)) / 10000) AS amount
      FROM locked l LEFT JOIN n ON n.user_id = l.user_id
    )
    INSERT INTO settlement_payouts (run_id, user_id, basis, amount_fen)
    SELECT ${run.id}, user_id, balance, amount FROM r WHERE amount > 0
    ON CONFLICT (run_id, user_id) DO NOTHING`);
  await onStep?.("payouts");

  const ref = { type: "settlement_run", id: String(run.id) };
  const key = staticReleaseRunKey(day);
  const credit = await postTransfersSet(tx, clock, {
    keyPrefix: `${key}:credit:`,
    reason: "settlement.static-release.credit",
    ref,
    asset: "credit",
    select: sql`SELECT user_id::text AS key_suffix, user_id AS from_user, NULL::text AS from_platform,
      NULL::uuid AS to_user, 'credit_issued'::text AS to_platform, amount_fen AS amount FROM settlement_payouts WHERE run_id = ${run.id}`,
  });
  await onStep?.("credit");
  const cash = await postTransfersSet(tx, clock, {
    keyPrefix: `${key}:cash:`,
    reason: "settlement.static-release.cash",
    ref,
    asset: "cash",
    select: sql`SELECT user_id::text AS key_suffix, NULL::uuid AS from_user, 'rewards_expense'::text AS from_platform,
      user_id AS to_user, NULL::text AS to_platform, amount_fen AS amount FROM settlement_payouts WHERE run_id = ${run.id}`,
  });
  await onStep?.("cash");

  const [paid] = await tx.execute<{ paid: string | null; payees: string }>(sql`
    SELECT SUM(amount_fen) AS paid, COUNT(*) AS payees FROM settlement_payouts WHERE run_id = ${run.id}`);
  const paidFen = Number(paid?.paid ?? 0);
  return { poolFen: paidFen, paidFen, remainderFen: 0, payees: Number(paid?.payees ?? 0), entriesPosted: credit.inserted + cash.inserted };
}

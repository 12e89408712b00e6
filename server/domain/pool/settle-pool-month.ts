import "server-only";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { assertAmountFen } from "../shared/money";
import { recordAudit, type Actor } from "../audit/record-audit";
import { postTransfersSet } from "../ledger";
import { runSettlementJob, type RunOutcome, type RunTotals, type SettlementRun, type StepHook } from "../settlement/run-settlement-job";
import { readSettlementSetting } from "../settlement/settlement-settings";
import { POOL_PAYER } from "./pool-accounts";
import { poolCalendar } from "./pool-phase";
import { poolFen, poolShareFenSql } from "./pool-share";

export function poolSettlementRunKey(month: string): string {
  return `pool-settlement:${month}`;
}

/**
 * The month's profit share (spec §5), run by finance in the settlement period (days 25–end, the
 * pool frozen, so holdings cannot move under it): each holder gets their share in cash
 * (pool-share.ts); the remainder stays with the platform. Once per month (run key `pool-settlement:YYYY-MM`); points stay in the pool.
 */
export async function settlePoolMonth(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: { profitFen: number; onStep?: StepHook },
): Promise<RunOutcome> {
  assertAmountFen(input.profitFen, "profitFen");
  const { phase, month } = poolCalendar(clock.now());
  if (phase !== "frozen") throw new DomainError("POOL_SETTLEMENT_CLOSED");
  const { shareRatioBp } = await readSettlementSetting(db, "pool");
  const params = { profitFen: input.profitFen, shareRatioBp };
  return runSettlementJob(db, clock, { job: "pool-settlement", runKey: poolSettlementRunKey(month), period: month, params, startedBy: actor.id }, async (tx, run) => {
    const totals = await payShares(tx, clock, run, month, params, input.onStep);
    await recordAudit(tx, clock, actor, { action: "pool.settle", targetType: "settlement_run", targetId: String(run.id), after: { month, ...params, ...totals } });
    return totals;
  });
}

async function payShares(tx: DbOrTx, clock: Clock, run: SettlementRun, month: string, p: { profitFen: number; shareRatioBp: number }, onStep?: StepHook): Promise<RunTotals> {
  // Holdings are locked so a move cannot slip in between the shares and the payment.
  await tx.execute(sql`
    WITH h AS (SELECT user_id, points FROM pool_holdings WHERE points > 0 ORDER BY user_id FOR UPDATE),
    t AS (SELECT SUM(points) AS total FROM h)
    INSERT INTO settlement_payouts (run_id, user_id, basis, amount_fen)
    SELECT ${run.id}, h.user_id, h.points, ${poolShareFenSql(sql`${p.profitFen}`, sql`${p.shareRatioBp}`, sql`h.points`, sql`t.total`)}
    FROM h CROSS JOIN t
    ON CONFLICT (run_id, user_id) DO NOTHING`);
  await onStep?.("payouts");
  const posted = await postTransfersSet(tx, clock, {
    keyPrefix: `${poolSettlementRunKey(month)}:`,
    reason: "pool.settlement",
    ref: { type: "settlement_run", id: String(run.id) },
    asset: "cash",
    select: sql`SELECT user_id::text AS key_suffix, NULL::uuid AS from_user, ${POOL_PAYER}::text AS from_platform,
      user_id AS to_user, NULL::text AS to_platform, amount_fen AS amount FROM settlement_payouts WHERE run_id = ${run.id}`,
  });
  await onStep?.("posted");
  const [paid] = await tx.execute<{ paid: string | null; payees: string }>(sql`
    SELECT SUM(amount_fen) AS paid, COUNT(*) FILTER (WHERE amount_fen > 0) AS payees FROM settlement_payouts WHERE run_id = ${run.id}`);
  const pool = poolFen(p.profitFen, p.shareRatioBp);
  const paidFen = Number(paid?.paid ?? 0);
  if (paidFen > pool) throw new Error(`pool settlement ${month} would pay ${paidFen} of ${pool}`);
  return { poolFen: pool, paidFen, remainderFen: pool - paidFen, payees: Number(paid?.payees ?? 0), entriesPosted: posted.inserted };
}

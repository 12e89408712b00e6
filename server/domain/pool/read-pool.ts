import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { readSettlementSetting } from "../settlement/settlement-settings";
import { poolCalendar, type PoolCalendar } from "./pool-phase";
import { holdingShareBp, poolShareFenSql } from "./pool-share";

export interface PoolSummary extends PoolCalendar {
  /** What the user can move in (their divPoints balance) and holds in the pool. */
  divPoints: number;
  myPoints: number;
  totalPoints: number;
  /** My share of the pool in basis points (rounded down), 0 when the pool is empty. */
  shareBp: number;
  shareRatioBp: number;
  /** Last settled month's profit applied to today's shares; null before the first settlement. */
  estimate: { basedOnMonth: string; profitFen: number; payoutFen: number } | null;
}

/** The shopper's pool page: phase and countdown target, holdings, share, an estimated payout. */
export async function readPoolSummary(tx: DbOrTx, clock: Clock, userId: string): Promise<PoolSummary> {
  const cal = poolCalendar(clock.now());
  const { shareRatioBp } = await readSettlementSetting(tx, "pool");
  // The estimate is what the settlement would pay today's holdings from the last month's profit.
  const [row] = await tx.execute<{ mine: string | null; total: string | null; div: string | null; period: string | null; profit: string | null; payout: string | null }>(sql`
    WITH h AS (SELECT COALESCE((SELECT points FROM pool_holdings WHERE user_id = ${userId}), 0) AS mine, COALESCE((SELECT SUM(points) FROM pool_holdings), 0) AS total),
    last AS (SELECT period, (params->>'profitFen')::bigint AS profit FROM settlement_runs
             WHERE job = 'pool-settlement' AND status = 'done' ORDER BY period DESC LIMIT 1)
    SELECT h.mine, h.total, last.period, last.profit,
           COALESCE(${poolShareFenSql(sql`last.profit`, sql`${shareRatioBp}::int`, sql`h.mine`, sql`h.total`)}, 0) AS payout,
           (SELECT balance FROM ledger_accounts WHERE user_id = ${userId} AND asset = 'divPoints') AS div
    FROM h LEFT JOIN last ON true`);
  const myPoints = Number(row?.mine ?? 0);
  const totalPoints = Number(row?.total ?? 0);
  const estimate = row?.period ? { basedOnMonth: row.period, profitFen: Number(row.profit), payoutFen: Number(row.payout) } : null;
  return { ...cal, divPoints: Number(row?.div ?? 0), myPoints, totalPoints, shareBp: holdingShareBp(myPoints, totalPoints), shareRatioBp, estimate };
}

export interface PoolHistoryItem {
  kind: "in" | "out" | "settlement";
  points: number;
  amountFen: number;
  period: string | null;
  at: Date;
}

/** The user's moves and settlement payouts, newest first (the most recent `limit`). */
export async function listPoolHistory(tx: DbOrTx, userId: string, limit: number): Promise<PoolHistoryItem[]> {
  const rows = await tx.execute<{ kind: "in" | "out" | "settlement"; points: string; amount_fen: string; period: string | null; at: string }>(sql`
    SELECT * FROM (
      SELECT direction AS kind, points, 0 AS amount_fen, NULL AS period, created_at AS at FROM pool_moves WHERE user_id = ${userId}
      UNION ALL
      SELECT 'settlement', p.basis, p.amount_fen, r.period, r.finished_at
      FROM settlement_runs r JOIN settlement_payouts p ON p.run_id = r.id AND p.user_id = ${userId}
      WHERE r.job = 'pool-settlement' AND r.status = 'done'
    ) x ORDER BY at DESC LIMIT ${limit}`);
  return rows.map((r) => ({ kind: r.kind, points: Number(r.points), amountFen: Number(r.amount_fen), period: r.period, at: new Date(r.at) }));
}

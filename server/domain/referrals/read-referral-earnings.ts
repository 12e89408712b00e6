import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { PAID_REASONS, type EarningKind } from "./referral-kinds";

export interface LevelSplit {
  l1: number;
  l2: number;
}

export interface ReferralEarnings {
  /** Paid into my cash wallet, by kind and level (sums of ledger entries). */
  paidFen: Record<EarningKind, LevelSplit>;
  /** Store commission still held (not yet paid, net of clawbacks), and what refunds clawed back. */
  storeHeldFen: LevelSplit;
  storeClawedBackFen: LevelSplit;
  /** Everything paid to me, all kinds and levels. */
  totalPaidFen: number;
}

/**
 * What a promoter has earned from their downline: the paid figures are sums of the ledger entries
 * that credited their cash wallet (by reason); held and clawed-back store commission come from the
 * `commissions` rows, whose money sits in the platform's `commission_hold` account until it moves.
 */
export async function readReferralEarnings(tx: DbOrTx, userId: string): Promise<ReferralEarnings> {
  const [paidRows, storeRows] = await Promise.all([
    tx.execute<{ reason: string; fen: string }>(sql`
      SELECT e.reason, SUM(e.amount) AS fen FROM ledger_entries e
      WHERE e.to_account_id = (SELECT id FROM ledger_accounts WHERE user_id = ${userId} AND asset = 'cash')
        AND e.reason = ANY(${pgArray(Object.keys(PAID_REASONS))}::text[])
      GROUP BY e.reason`),
    tx.execute<{ level: number; held: string; clawed: string }>(sql`
      SELECT level, COALESCE(SUM(amount_fen - clawed_back_fen) FILTER (WHERE status = 'held'), 0) AS held, SUM(clawed_back_fen) AS clawed
      FROM commissions WHERE beneficiary_id = ${userId} GROUP BY level`),
  ]);
  const split = (): LevelSplit => ({ l1: 0, l2: 0 });
  const paidFen: Record<EarningKind, LevelSplit> = { release: split(), ads: split(), store: split() };
  let totalPaidFen = 0;
  for (const r of paidRows) {
    const what = PAID_REASONS[r.reason];
    if (!what) continue;
    paidFen[what.kind][what.level === 1 ? "l1" : "l2"] += Number(r.fen);
    totalPaidFen += Number(r.fen);
  }
  const storeHeldFen = split();
  const storeClawedBackFen = split();
  for (const r of storeRows) {
    const side = Number(r.level) === 1 ? "l1" : "l2";
    storeHeldFen[side] = Number(r.held);
    storeClawedBackFen[side] = Number(r.clawed);
  }
  return { paidFen, storeHeldFen, storeClawedBackFen, totalPaidFen };
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { ActivityConfigSchema } from "../shared/activity-config";
import { referralReleaseFen } from "../draw/referral-release";
import { readSetting } from "../settings/platform-settings";
import type { Clock } from "../shared/clock";
import { applyRatioBp } from "../shared/money";
import { commissionFor } from "../store/store-math";
import { PAID_REASONS, type EarningKind } from "./referral-kinds";

export const MISSED_WINDOW_DAYS = 30;

export type MissedEarnings = Record<EarningKind, { count: number; fen: number }> & { days: number; totalFen: number };

/**
 * What my downline did in the last 30 days that paid me nothing — a promoter earns only while valid
 * (spec §2, §6): their wins with no release to me, their ad cash-outs and store orders with no
 * commission to me. Amounts are what the current settings would pay: the commission ratios on the
 * real reward and order amounts, and each win's release rule (from its group's settings) on my
 * credit balance now, drawn down win by win as a real release would be.
 */
export async function readMissedEarnings(tx: DbOrTx, clock: Clock, userId: string): Promise<MissedEarnings> {
  const since = new Date(clock.now().getTime() - MISSED_WINDOW_DAYS * 86_400_000).toISOString();
  const reasons = pgArray(Object.keys(PAID_REASONS));
  const rows = await tx.execute<{ kind: EarningKind; level: number; amount: string; config: unknown }>(sql`
    WITH down AS (
      SELECT id, 1 AS level FROM users WHERE referrer_id = ${userId}
      UNION ALL
      SELECT u.id, 2 FROM users u JOIN users r ON r.id = u.referrer_id WHERE r.referrer_id = ${userId}
    ), got AS (
      SELECT e.ref_id FROM ledger_entries e
      WHERE e.to_account_id = (SELECT id FROM ledger_accounts WHERE user_id = ${userId} AND asset = 'cash') AND e.reason = ANY(${reasons}::text[])
    )
    SELECT 'release' AS kind, d.level, en.price_fen AS amount, g.config
      FROM down d JOIN entries en ON en.user_id = d.id AND en.created_at >= ${since}::timestamptz AND en.outcome = 'won'
      JOIN groups g ON g.id = en.group_id
      WHERE NOT EXISTS (SELECT 1 FROM got WHERE got.ref_id = en.id::text)
    UNION ALL
    SELECT 'ads', d.level, s.reward_fen, NULL
      FROM down d JOIN ad_sets s ON s.user_id = d.id AND s.status = 'completed' AND s.completed_at >= ${since}::timestamptz
      WHERE NOT EXISTS (SELECT 1 FROM got WHERE got.ref_id = s.id::text)
    UNION ALL
    SELECT 'store', d.level, o.cash_fen - o.refunded_cash_fen, NULL
      FROM down d JOIN orders o ON o.user_id = d.id AND o.kind = 'store' AND o.paid_at >= ${since}::timestamptz
        AND o.status IN ('paid', 'shipped', 'delivered', 'received')
      WHERE NOT EXISTS (SELECT 1 FROM commissions c WHERE c.order_id = o.id AND c.level = d.level)
    ORDER BY 1, 2`);
  const [ads, store, credit] = await Promise.all([
    readSetting(tx, "ads"),
    readSetting(tx, "store"),
    tx.execute<{ balance: string }>(sql`SELECT balance FROM ledger_accounts WHERE user_id = ${userId} AND asset = 'credit'`),
  ]);
  let creditLeft = Number(credit[0]?.balance ?? 0);
  const out: MissedEarnings = { release: { count: 0, fen: 0 }, ads: { count: 0, fen: 0 }, store: { count: 0, fen: 0 }, days: MISSED_WINDOW_DAYS, totalFen: 0 };
  for (const r of rows) {
    const l1 = Number(r.level) === 1;
    let fen: number;
    if (r.kind === "release") {
      const referral = ActivityConfigSchema.parse(r.config).referral;
      fen = referralReleaseFen(l1 ? referral.L1 : referral.L2, creditLeft);
      creditLeft -= fen;
    } else if (r.kind === "ads") {
      fen = applyRatioBp(Number(r.amount), l1 ? ads.commissionL1Bp : ads.commissionL2Bp);
    } else {
      fen = commissionFor(Number(r.amount), l1 ? store.commissionL1Bp : store.commissionL2Bp);
    }
    out[r.kind].count += 1;
    out[r.kind].fen += fen;
    out.totalFen += fen;
  }
  return out;
}

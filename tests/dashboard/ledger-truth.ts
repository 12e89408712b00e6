import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { FIGURE_REASONS, type DayFigures } from "@/server/domain/dashboard/dashboard-figures";
import { LIABILITIES, type Liabilities } from "@/server/domain/dashboard/liabilities";
import { businessDayBounds } from "@/server/domain/shared/business-day";

/**
 * What the dashboard must show, recomputed straight from ledger_entries (and the business tables
 * for counts) with plain SQL: no rollup, no snapshot, no code shared with the dashboard's reads.
 */
export async function ledgerFiguresOfDay(db: DbOrTx, day: string): Promise<Partial<DayFigures>> {
  const b = businessDayBounds(day)!;
  const [s, e] = [b.start.toISOString(), b.end.toISOString()];
  const rows = await db.execute<{ reason: string; n: number; amount: string }>(sql`
    SELECT reason, count(*)::int AS n, SUM(amount)::text AS amount FROM ledger_entries
    WHERE created_at >= ${s}::timestamptz AND created_at < ${e}::timestamptz GROUP BY reason`);
  const by = new Map(rows.map((r) => [r.reason, r]));
  const out: Record<string, number> = {};
  for (const [figure, reasons] of Object.entries(FIGURE_REASONS.sums)) out[figure] = reasons.reduce((sum, r) => sum + Number(by.get(r)?.amount ?? 0), 0);
  for (const [figure, reasons] of Object.entries(FIGURE_REASONS.counts)) out[figure] = reasons.reduce((sum, r) => sum + Number(by.get(r)?.n ?? 0), 0);
  const [c] = await db.execute<Record<string, number>>(sql`
    SELECT
      (SELECT count(*) FROM groups WHERE status = 'drawn' AND closed_at >= ${s}::timestamptz AND closed_at < ${e}::timestamptz)::int AS "groupsDrawn",
      (SELECT count(*) FROM groups WHERE status = 'dissolved' AND closed_at >= ${s}::timestamptz AND closed_at < ${e}::timestamptz)::int AS "groupsDissolved",
      (SELECT count(*) FROM users WHERE role = 'shopper' AND created_at >= ${s}::timestamptz AND created_at < ${e}::timestamptz)::int AS "newUsers",
      (SELECT count(*) FROM entries WHERE first_ever AND business_day = ${day})::int AS "newPromoters",
      (SELECT count(*) FROM orders WHERE kind = 'store' AND paid_at >= ${s}::timestamptz AND paid_at < ${e}::timestamptz)::int AS "storeOrders"`);
  return { ...out, ...c, gmvFen: out.gmvGroupFen! + out.gmvStoreFen!, adSubsidyFen: out.adRewardsFen! + out.adCommissionsFen! - out.adRevenueFen! } as Partial<DayFigures>;
}

/** Liabilities from every entry before `asOf` (null: all), per holder, by summing entries into and out of accounts. */
export async function ledgerLiabilities(db: DbOrTx, asOf: Date | null): Promise<Liabilities> {
  const rows = await db.execute<{ asset: string; holder: string; sum: string }>(sql`
    SELECT a.asset, COALESCE(a.platform_name, CASE WHEN a.user_id IS NOT NULL THEN 'user' ELSE 'advertiser' END) AS holder,
      SUM(CASE WHEN e.to_account_id = a.id THEN e.amount ELSE -e.amount END)::text AS sum
    FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.to_account_id OR a.id = e.from_account_id
    WHERE ${asOf ? sql`e.created_at < ${asOf.toISOString()}::timestamptz` : sql`true`}
    GROUP BY 1, 2`);
  const by = new Map(rows.map((r) => [`${r.asset}|${r.holder}`, Number(r.sum)]));
  return Object.fromEntries(LIABILITIES.map((l) => [l.key, by.get(`${l.asset}|${l.holder}`) ?? 0])) as Liabilities;
}

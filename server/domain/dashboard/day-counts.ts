import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { BUSINESS_TZ } from "../shared/business-day";

/** The dashboard's figures that are not ledger flows, per business day. */
export const COUNT_METRICS = ["groupsDrawn", "groupsDissolved", "newUsers", "newPromoters", "storeOrders"] as const;
export type CountMetric = (typeof COUNT_METRICS)[number];
export type DayCounts = Record<CountMetric, number>;

export const NO_COUNTS: DayCounts = { groupsDrawn: 0, groupsDissolved: 0, newUsers: 0, newPromoters: 0, storeOrders: 0 };

/**
 * Counts per business day over [start, end), each from its own table by an indexed column:
 * groups by closed_at (partial indexes per status), shoppers by created_at, new promoters as the
 * users whose first ever entry fell on the day (a first entry grants promoter validity, spec §2;
 * entries by business_day), paid store orders by paid_at.
 */
export async function readDayCounts(tx: DbOrTx, range: { fromDay: string; toDay: string; start: Date; end: Date }): Promise<Map<string, DayCounts>> {
  const [s, e] = [range.start.toISOString(), range.end.toISOString()];
  const day = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE '${BUSINESS_TZ}', 'YYYY-MM-DD')`);
  const rows = await tx.execute<{ day: string; metric: CountMetric; n: number }>(sql`
    SELECT ${day("closed_at")} AS day, 'groupsDrawn' AS metric, count(*)::int AS n FROM groups
      WHERE status = 'drawn' AND closed_at >= ${s}::timestamptz AND closed_at < ${e}::timestamptz GROUP BY 1
    UNION ALL
    SELECT ${day("closed_at")}, 'groupsDissolved', count(*)::int FROM groups
      WHERE status = 'dissolved' AND closed_at >= ${s}::timestamptz AND closed_at < ${e}::timestamptz GROUP BY 1
    UNION ALL
    SELECT ${day("created_at")}, 'newUsers', count(*)::int FROM users
      WHERE role = 'shopper' AND created_at >= ${s}::timestamptz AND created_at < ${e}::timestamptz GROUP BY 1
    UNION ALL
    SELECT business_day, 'newPromoters', count(*)::int FROM entries
      WHERE first_ever AND business_day >= ${range.fromDay} AND business_day <= ${range.toDay} GROUP BY 1
    UNION ALL
    SELECT ${day("paid_at")}, 'storeOrders', count(*)::int FROM orders
      WHERE kind = 'store' AND paid_at >= ${s}::timestamptz AND paid_at < ${e}::timestamptz GROUP BY 1`);
  const out = new Map<string, DayCounts>();
  for (const r of rows) {
    const counts = out.get(r.day) ?? { ...NO_COUNTS };
    counts[r.metric] = Number(r.n);
    out.set(r.day, counts);
  }
  return out;
}

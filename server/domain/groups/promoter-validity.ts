import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";

/**
 * 推广员有效期 (spec §2): a user's first ever entry grants 1 day, and each business day on which they
 * make at least one entry grants 1 more, extending from max(now, current expiry) — so a new user's
 * first entry gives 2 days. Granted when the entry is made: the join holds the user's join lock and
 * knows whether this entry is their first ever / first today.
 */
export function promoterDaysEarned(past: { ever: boolean; today: boolean }): number {
  return (past.ever ? 0 : 1) + (past.today ? 0 : 1);
}

/** The statement that grants the days, run as part of a join batch's single write. */
export function promoterDaysUpsert(grants: [userId: string, days: number][], now: Date): SQL {
  const sorted = [...grants].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const at = now.toISOString();
  return sql`
    INSERT INTO promoter_status (user_id, valid_until)
    SELECT g.user_id, ${at}::timestamptz + make_interval(days => g.days)
    FROM unnest(${pgArray(sorted.map((g) => g[0]))}::uuid[], ${pgArray(sorted.map((g) => g[1]))}::int[]) AS g(user_id, days)
    ORDER BY g.user_id
    ON CONFLICT (user_id) DO UPDATE
      SET valid_until = GREATEST(promoter_status.valid_until, ${at}::timestamptz) + (excluded.valid_until - ${at}::timestamptz)`;
}

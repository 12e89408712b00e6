import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { pgArray } from "@/db/pg-array";


/**
 * 推广员有效期 (spec §2): a user's first ever entry grants 1 day, and each business day on which they
 * make at least one entry grants 1 more, extending from max(now, current expiry) — so a new user's
 * first entry gives 2 days. Granted when the entry is made (the caller holds the user's join lock
 * and knows whether this entry is their first ever / first today).
 */
export async function grantPromoterDays(tx: DbOrTx, clock: Clock, grants: { userId: string; days: number }[]): Promise<void> {
  const due = grants.filter((g) => g.days > 0);
  if (due.length === 0) return;
  const now = clock.now().toISOString();
  await tx.execute(sql`
    INSERT INTO promoter_status (user_id, valid_until)
    SELECT g.user_id, ${now}::timestamptz + make_interval(days => g.days)
    FROM unnest(${pgArray(due.map((g) => g.userId))}::uuid[], ${pgArray(due.map((g) => g.days))}::int[]) AS g(user_id, days)
    ORDER BY g.user_id
    ON CONFLICT (user_id) DO UPDATE
      SET valid_until = GREATEST(promoter_status.valid_until, ${now}::timestamptz) + (excluded.valid_until - ${now}::timestamptz)`);
}

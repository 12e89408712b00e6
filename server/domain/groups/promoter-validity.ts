import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "../shared/clock";

const DAY_MS = 24 * 3600 * 1000;

/**
 * 推广员有效期 (spec §2): a user's first entry grants 1 day, and each business day with at least one
 * entry grants 1 more, extending from max(now, current expiry). A new user's first entry: 2 days.
 * Applied when the entry's group is drawn, in seat order.
 */
export async function extendPromoterValidity(tx: DbOrTx, clock: Clock, drawn: readonly { userId: string; businessDay: string; seat: number }[]): Promise<void> {
  const now = clock.now();
  const byUser = new Map<string, string[]>();
  for (const e of [...drawn].sort((a, b) => a.seat - b.seat)) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e.businessDay]);
  const userIds = [...byUser.keys()];
  const current = new Map(
    (await tx.execute<{ user_id: string; valid_until: string; last_entry_day: string }>(sql`
      SELECT user_id, valid_until, last_entry_day FROM promoter_status WHERE user_id = ANY(${pgArray(userIds)}::uuid[]) ORDER BY user_id FOR UPDATE`)).map((r) => [r.user_id, r]),
  );
  const rows = userIds.map((userId) => {
    const row = current.get(userId);
    let days = row ? 0 : 1;
    let lastDay = row?.last_entry_day ?? "";
    for (const day of byUser.get(userId) ?? []) {
      if (day !== lastDay) days += 1;
      lastDay = day;
    }
    const from = Math.max(now.getTime(), row ? new Date(row.valid_until).getTime() : 0);
    return { userId, validUntil: new Date(from + days * DAY_MS).toISOString(), lastDay };
  });
  await tx.execute(sql`
    INSERT INTO promoter_status (user_id, valid_until, last_entry_day)
    SELECT * FROM unnest(${pgArray(rows.map((r) => r.userId))}::uuid[], ${pgArray(rows.map((r) => r.validUntil))}::timestamptz[], ${pgArray(rows.map((r) => r.lastDay))}::text[])
    ON CONFLICT (user_id) DO UPDATE SET valid_until = excluded.valid_until, last_entry_day = excluded.last_entry_day`);
}

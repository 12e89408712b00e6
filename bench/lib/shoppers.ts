import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Asset } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "@/server/domain/shared/clock";
import { postTransfers } from "@/server/domain/ledger";

/**
 * Bench fixtures for shoppers, in set-based SQL plus the ledger (so balances and entries agree):
 * thousands of users in a few statements, without the per-row round trips of the test factories.
 */

/**
 * Inserts `count` shoppers in one statement; phones are `<prefix><8 digits>` (prefix of 3 digits,
 * so runs with different prefixes can share a database). When `chainLength` > 1, users form
 * referral chains of that length: user i is referred by user i − 1 unless i is a multiple of it.
 */
export async function insertShoppers(db: Db, count: number, opts: { prefix?: string; chainLength?: number } = {}): Promise<string[]> {
  const prefix = opts.prefix ?? "139";
  if (!/^1[0-9]{2}$/.test(prefix)) throw new Error(`bad phone prefix ${prefix}`);
  const rows = await db.execute<{ id: string }>(sql`
    INSERT INTO users (phone, password_hash, display_name, referral_code, created_at)
    SELECT ${prefix} || lpad(g::text, 8, '0'), 'x', 'bench ' || g, 'B' || ${prefix} || g, now()
    FROM generate_series(1, ${count}::int) AS g
    ORDER BY g
    RETURNING id`);
  const ids = rows.map((r) => r.id);
  const chain = opts.chainLength ?? 1;
  if (chain > 1) {
    const child: string[] = [];
    const parent: string[] = [];
    ids.forEach((id, i) => {
      if (i % chain !== 0) {
        child.push(id);
        parent.push(ids[i - 1]!);
      }
    });
    await db.execute(sql`
      UPDATE users u SET referrer_id = r.parent
      FROM unnest(${pgArray(child)}::uuid[], ${pgArray(parent)}::uuid[]) AS r(child, parent)
      WHERE u.id = r.child`);
  }
  return ids;
}

/** Credits each grant from the platform's `opening_balances`, 1,000 transfers per transaction. */
export async function fundFromOpening(db: Db, clock: Clock, grants: { userId: string; asset: Asset; amount: number }[], keyPrefix = "bench:open"): Promise<void> {
  for (let i = 0; i < grants.length; i += 1000) {
    const chunk = grants.slice(i, i + 1000);
    await db.transaction((tx) =>
      postTransfers(
        tx,
        clock,
        chunk.map((g) => ({
          key: `${keyPrefix}:${g.userId}:${g.asset}`,
          asset: g.asset,
          from: { platform: "opening_balances" as const },
          to: { userId: g.userId },
          amount: g.amount,
          reason: "bench.open",
          ref: { type: "bench", id: g.userId },
        })),
      ),
    );
  }
}

/** Makes these users valid promoters until `until` (so their referees' wins release their credit). */
export async function makePromoters(db: Db, userIds: string[], until: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db.execute(sql`
    INSERT INTO promoter_status (user_id, valid_until)
    SELECT id, ${until.toISOString()}::timestamptz FROM unnest(${pgArray(userIds)}::uuid[]) AS id
    ON CONFLICT (user_id) DO UPDATE SET valid_until = GREATEST(promoter_status.valid_until, excluded.valid_until)`);
}

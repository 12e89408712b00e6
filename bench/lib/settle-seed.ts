import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Seeds (set-based SQL) `users` users with credit balances (and their opening entries, so the
 * ledger balances), cash accounts at 0, and business day `day` with `winningEntries` winning entries.
 */
export async function seedSettlement(db: Db, { users: USERS, winningEntries: WINNING_ENTRIES, day: DAY }: { users: number; winningEntries: number; day: string }): Promise<void> {
  await db.execute(sql`
    INSERT INTO users (phone, password_hash, display_name, referral_code, created_at)
    SELECT '1' || lpad(g::text, 10, '0'), 'x', 'bench ' || g, 'B' || g, now() FROM generate_series(1, ${USERS}::int) g`);
  // Credit ¥50–¥5,000 each (so base 3/10000 releases at least 1 fen), with the opening entries that
  // make the running balances true; cash accounts exist at 0, as they would for shoppers who joined.
  await db.execute(sql`INSERT INTO ledger_accounts (asset, platform_name) VALUES ('credit', 'opening_balances'), ('cash', 'rewards_expense'), ('credit', 'credit_issued')`);
  await db.execute(sql`
    INSERT INTO ledger_accounts (asset, user_id, balance)
    SELECT 'credit', id, 5000 + (hashtext(id::text) & 2147483647) % 495001 FROM users ORDER BY id`);
  await db.execute(sql`INSERT INTO ledger_accounts (asset, user_id, balance) SELECT 'cash', id, 0 FROM users ORDER BY id`);
  await db.execute(sql`
    INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
    SELECT 'bench:open:' || a.user_id, 'credit', o.id, a.id, a.balance, 'bench.open', 'bench', a.user_id::text, now()
    FROM ledger_accounts a, (SELECT id FROM ledger_accounts WHERE platform_name = 'opening_balances' AND asset = 'credit') o
    WHERE a.asset = 'credit' AND a.user_id IS NOT NULL`);
  // One activity; groups of 10 seats drawn at noon (Shanghai) on DAY, the day whose dividend pays
  // their wins; WINNING_ENTRIES winning entries of DAY by random users, each at ¥19.99 with W-E 10% (199 fen).
  const [activity] = await db.execute<{ id: string }>(sql`
    INSERT INTO activities (name, price_fen, group_size, winners, opens_at, config, created_at, updated_at)
    VALUES ('bench', 1999, 10, 3, now(), '{}'::jsonb, now(), now()) RETURNING id`);
  const [item] = await db.execute<{ id: string }>(sql`
    INSERT INTO activity_items (activity_id, kind, name, position) VALUES (${activity!.id}, 'product', 'bench', 1) RETURNING id`);
  const groups = Math.ceil(WINNING_ENTRIES / 10);
  await db.execute(sql`
    INSERT INTO groups (activity_id, number, status, seed_hex, commitment, price_fen, group_size, winners, config, seats_taken, opened_at, expires_at, closed_at, close_reason)
    SELECT ${activity!.id}, g, 'drawn', md5('s' || g) || md5('t' || g), md5('c' || g), 1999, 10, 3, '{}'::jsonb, 10, now(), now(),
           (${DAY}::date + time '12:00') AT TIME ZONE 'Asia/Shanghai', 'drawn'
    FROM generate_series(1, ${groups}::int) g`);
  await db.execute(sql`
    WITH u AS (SELECT id, row_number() OVER () AS n FROM users),
    g AS (SELECT id, row_number() OVER (ORDER BY number) AS n FROM groups)
    INSERT INTO entries (id, group_id, activity_id, user_id, item_id, seat, price_fen, first_of_day, first_ever, business_day, eligible, outcome, dividend_pool_fen, created_at)
    SELECT gen_random_uuid(), g.id, ${activity!.id}, u.id, ${item!.id}, ((e - 1) % 10) + 1, 1999, false, false, ${DAY}, true, 'won', 199, now()
    FROM generate_series(1, ${WINNING_ENTRIES}::int) e
    JOIN g ON g.n = (e - 1) / 10 + 1
    JOIN u ON u.n = 1 + (hashtext('w' || e) & 2147483647) % ${USERS}`);
  await db.execute(sql`VACUUM ANALYZE`);
}

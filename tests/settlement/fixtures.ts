import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "@/server/domain/shared/clock";
import { groupFixtures, bareConfig } from "../helpers/group-fixtures";

export interface SyntheticEntry {
  userId: string;
  day: string;
  priceFen: number;
  dividendPoolFen: number;
  outcome: "won" | "lost" | "refunded";
}

/**
 * Writes entries as a draw would have left them (outcome, W-E amount, business day) into one
 * drawn-looking group, so the settlement math can be exercised over many shapes quickly. The
 * real join-and-draw path is covered once per job in the flow tests.
 */
export async function syntheticEntries(db: Db, clock: Clock) {
  const g = groupFixtures(db, clock);
  const activity = await g.makeActivity({ groupSize: 10, winners: 3, fullConfig: bareConfig() });
  let seat = 1000;
  return async function insert(rows: SyntheticEntry[]): Promise<void> {
    if (rows.length === 0) return;
    const seats = rows.map(() => ++seat);
    await db.execute(sql`
      INSERT INTO entries (id, group_id, activity_id, user_id, item_id, seat, price_fen, first_of_day, first_ever, business_day, eligible, outcome, dividend_pool_fen, created_at)
      SELECT id, ${activity.groupId}, ${activity.id}, user_id, ${activity.itemId}, seat, price, false, false, day, true, outcome, pool, ${clock.now().toISOString()}::timestamptz
      FROM unnest(${pgArray(rows.map(() => randomUUID()))}::uuid[], ${pgArray(rows.map((r) => r.userId))}::uuid[], ${pgArray(seats)}::int[],
                  ${pgArray(rows.map((r) => r.priceFen))}::bigint[], ${pgArray(rows.map((r) => r.day))}::text[],
                  ${pgArray(rows.map((r) => r.outcome))}::text[], ${pgArray(rows.map((r) => r.dividendPoolFen))}::bigint[])
        AS x(id, user_id, seat, price, day, outcome, pool)`);
  };
}

/** Ledger entries posted under a key prefix. */
export async function countKeys(db: Db, prefix: string): Promise<number> {
  const [row] = await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key LIKE ${prefix + "%"}`);
  return Number(row?.n ?? 0);
}

/** Cash balances of users as a map (0 when the account does not exist). */
export async function balancesByUser(db: Db, asset: string, userIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.execute<{ user_id: string; balance: string }>(sql`
    SELECT user_id, balance FROM ledger_accounts WHERE asset = ${asset} AND user_id = ANY(${pgArray([...userIds])}::uuid[])`);
  const out = new Map(userIds.map((id) => [id, 0]));
  for (const r of rows) out.set(r.user_id, Number(r.balance));
  return out;
}

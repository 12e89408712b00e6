import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "@/server/domain/shared/clock";
import { businessDayBounds } from "@/server/domain/shared/business-day";
import { groupFixtures, bareConfig } from "../helpers/group-fixtures";

export interface SyntheticEntry {
  userId: string;
  /** The business day the entry joined on. */
  day: string;
  priceFen: number;
  dividendPoolFen: number;
  outcome: "won" | "lost" | "refunded";
  /** When its group was drawn; default noon (Shanghai) of `day`. */
  drawnAt?: Date;
}

/**
 * Writes entries as a draw would have left them (outcome, W-E amount, business day) into
 * drawn-looking groups, one per draw instant, so the settlement math can be exercised over many
 * shapes quickly. The real join-and-draw path is covered once per job in the flow tests.
 */
export async function syntheticEntries(db: Db, clock: Clock) {
  const g = groupFixtures(db, clock);
  const activity = await g.makeActivity({ groupSize: 10, winners: 3, fullConfig: bareConfig() });
  let seat = 1000;
  let groupNo = 1000;
  return async function insert(rows: SyntheticEntry[]): Promise<void> {
    if (rows.length === 0) return;
    const drawnAt = rows.map((r) => (r.drawnAt ?? new Date(businessDayBounds(r.day)!.start.getTime() + 12 * 3600_000)).toISOString());
    const instants = [...new Set(drawnAt)];
    const groupIds = await Promise.all(instants.map((at) => insertDrawnGroup(db, activity.id, ++groupNo, at)));
    const groupOf = new Map(instants.map((at, i) => [at, groupIds[i]!]));
    const seats = rows.map(() => ++seat);
    await db.execute(sql`
      INSERT INTO entries (id, group_id, activity_id, user_id, item_id, seat, price_fen, first_of_day, first_ever, business_day, eligible, outcome, dividend_pool_fen, created_at)
      SELECT id, group_id, ${activity.id}, user_id, ${activity.itemId}, seat, price, false, false, day, true, outcome, pool, ${clock.now().toISOString()}::timestamptz
      FROM unnest(${pgArray(rows.map(() => randomUUID()))}::uuid[], ${pgArray(drawnAt.map((at) => groupOf.get(at)!))}::uuid[], ${pgArray(rows.map((r) => r.userId))}::uuid[],
                  ${pgArray(seats)}::int[], ${pgArray(rows.map((r) => r.priceFen))}::bigint[], ${pgArray(rows.map((r) => r.day))}::text[],
                  ${pgArray(rows.map((r) => r.outcome))}::text[], ${pgArray(rows.map((r) => r.dividendPoolFen))}::bigint[])
        AS x(id, group_id, user_id, seat, price, day, outcome, pool)`);
  };
}

/** A group closed as drawn at `closedAt` (its seats and winners are whatever entries are put in it). */
async function insertDrawnGroup(db: Db, activityId: string, number: number, closedAt: string): Promise<string> {
  const [row] = await db.execute<{ id: string }>(sql`
    INSERT INTO groups (activity_id, number, status, seed_hex, commitment, price_fen, group_size, winners, config, seats_taken, opened_at, expires_at, filled_at, closed_at, close_reason)
    SELECT id, ${number}, 'drawn', md5(random()::text) || md5(random()::text), md5(random()::text), price_fen, group_size, winners, config, group_size,
           ${closedAt}::timestamptz, ${closedAt}::timestamptz, ${closedAt}::timestamptz, ${closedAt}::timestamptz, 'drawn'
    FROM activities WHERE id = ${activityId}
    RETURNING id`);
  if (!row) throw new Error(`activity ${activityId} not found`);
  return row.id;
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

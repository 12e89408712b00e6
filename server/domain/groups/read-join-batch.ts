import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { businessDayBounds } from "../shared/business-day";
import { accountRefKey } from "../ledger";
import type { AccountStanding } from "../users/account-standing";
import type { OpenGroup, SeatActivity, SeatState } from "./assign-seats";
import type { JoinRequest, JoinResult } from "./join-activity";

/*
 * What a join batch reads (joinActivityBatch): who is joining, under their join locks; then, under the
 * activity's seat lock, their cash rows locked and the state the seats depend on.
 */

/** A joining shopper: who they are, and whether they have any entry at all / on this business day (rules 1 and 2). */
export type Joiner = AccountStanding & { id: string; ever: boolean; today: boolean };

export interface Joiners {
  users: Map<string, Joiner>;
  /** Joins already made with these entry ids, by entry id, answered as they were. */
  previous: Map<string, { userId: string; result: JoinResult }>;
}

/**
 * Who is joining (role, frozen, and whether they have any entry at all or on this business day, for
 * rules 1 and 2) and the joins already made with these entry ids (a retried tap: answered as they
 * were; a retry of the join that took the last seat says so, so the caller still triggers the draw).
 */
export async function readJoiners(tx: DbOrTx, requests: readonly JoinRequest[], day: string): Promise<Joiners> {
  const bounds = businessDayBounds(day);
  if (!bounds) throw new Error(`not a business day: ${day}`);
  const [row] = await tx.execute<{ users: { id: string; role: string; frozen: boolean; frozenReason: string | null; ever: boolean; today: boolean }[] | null; previous: { id: string; user_id: string; group_id: string; seat: number; group_size: number }[] | null }>(sql`
    SELECT
      (SELECT json_agg(json_build_object('id', u.id, 'role', u.role, 'frozen', u.frozen, 'frozenReason', u.frozen_reason,
                 'ever', EXISTS (SELECT 1 FROM entries e WHERE e.user_id = u.id),
                 -- An entry's business day is that of its created_at (both set from one clock reading at
                 -- the join), so "today" is a range of entries_user_idx (user_id, created_at): a few
                 -- index entries per user, where business_day = … would read the whole day's entries.
                 'today', EXISTS (SELECT 1 FROM entries e WHERE e.user_id = u.id AND e.created_at >= ${bounds.start.toISOString()}::timestamptz AND e.created_at < ${bounds.end.toISOString()}::timestamptz)))
       FROM users u WHERE u.id = ANY(${pgArray([...new Set(requests.map((r) => r.userId))])}::uuid[])) AS users,
      (SELECT json_agg(json_build_object('id', e.id, 'user_id', e.user_id, 'group_id', e.group_id, 'seat', e.seat, 'group_size', g.group_size))
       FROM entries e JOIN groups g ON g.id = e.group_id WHERE e.id = ANY(${pgArray(requests.map((r) => r.entryId))}::uuid[])) AS previous`);
  return {
    users: new Map((row?.users ?? []).map((u) => [u.id, u])),
    previous: new Map((row?.previous ?? []).map((p) => [p.id, { userId: p.user_id, result: joinResultOf(p) }])),
  };
}

/** A join as its caller was (or would have been) answered, from its entry row and its group's size. */
export function joinResultOf(p: { id: string; group_id: string; seat: number; group_size: number }): JoinResult {
  return { entryId: p.id, groupId: p.group_id, seat: p.seat, filled: p.seat === p.group_size };
}

/**
 * The joining shoppers' cash rows, locked in id order (the order every ledger writer locks in); with
 * `skipLocked`, those another transaction holds are passed over. Returns whose rows are now locked.
 */
export async function lockCash(tx: DbOrTx, userIds: string[], skipLocked: boolean): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.execute<{ user_id: string }>(
    sql`SELECT user_id FROM ledger_accounts WHERE asset = 'cash' AND user_id = ANY(${pgArray([...new Set(userIds)])}::uuid[]) ORDER BY id FOR NO KEY UPDATE ${skipLocked ? sql`SKIP LOCKED` : sql``}`,
  );
  return new Set(rows.map((r) => r.user_id));
}

/**
 * Everything the seat assignment needs, in one statement under the seat lock: the activity, its items
 * on offer, its open group (row-locked), the seats held in it, these users' cash (their rows locked
 * by the statement before it) with its account ids, and the escrow account's id (the payments need
 * no account lookup).
 */
export async function readSeatState(tx: DbOrTx, activityId: string, userIds: string[]): Promise<SeatState & { accounts: Map<string, number> }> {
  const users = pgArray([...new Set(userIds)]);
  const [row] = await tx.execute<{
    activity: { id: string; name: string; status: string; opens_at: string; closes_at: string | null; price_fen: number; group_size: number; winners: number; config: unknown } | null;
    items: string[] | null;
    open: { id: string; activity_id: string; number: number; seats_taken: number; group_size: number; price_fen: number; config: unknown; expires_at: string } | null;
    held: Record<string, number> | null;
    cash: Record<string, [number, number]> | null;
    escrow: number | null;
  }>(sql`
    WITH g AS (SELECT * FROM groups WHERE activity_id = ${activityId} AND status = 'open' FOR UPDATE)
    SELECT
      (SELECT json_build_object('id', a.id, 'name', a.name, 'status', a.status, 'opens_at', a.opens_at, 'closes_at', a.closes_at,
                                'price_fen', a.price_fen, 'group_size', a.group_size, 'winners', a.winners, 'config', a.config)
       FROM activities a WHERE a.id = ${activityId}) AS activity,
      (SELECT json_agg(i.id) FROM activity_items i WHERE i.activity_id = ${activityId} AND i.active) AS items,
      (SELECT json_build_object('id', g.id, 'activity_id', g.activity_id, 'number', g.number, 'seats_taken', g.seats_taken, 'group_size', g.group_size,
                                'price_fen', g.price_fen, 'config', g.config, 'expires_at', g.expires_at) FROM g) AS open,
      -- Seats held in the open group by anyone (at most N rows, read by the group's index; filtering by
      -- these users would read their every entry through entries_user_idx instead).
      (SELECT json_object_agg(h.user_id, h.n) FROM (
         SELECT e.user_id, count(*) AS n FROM entries e WHERE e.group_id = (SELECT id FROM g) GROUP BY e.user_id) h) AS held,
      (SELECT json_object_agg(l.user_id, json_build_array(l.id, l.balance)) FROM ledger_accounts l WHERE l.asset = 'cash' AND l.user_id = ANY(${users}::uuid[])) AS cash,
      (SELECT l.id FROM ledger_accounts l WHERE l.platform_name = 'group_escrow' AND l.asset = 'cash') AS escrow`);
  const o = row?.open;
  const a = row?.activity;
  const cash = Object.entries(row?.cash ?? {});
  const accounts = new Map(cash.map(([userId, [id]]) => [accountRefKey("cash", { userId }), Number(id)]));
  if (row?.escrow) accounts.set(accountRefKey("cash", { platform: "group_escrow" }), Number(row.escrow));
  return {
    activity: a
      ? ({ id: a.id, name: a.name, status: a.status, opensAt: new Date(a.opens_at), closesAt: a.closes_at ? new Date(a.closes_at) : null, priceFen: Number(a.price_fen), groupSize: a.group_size, winners: a.winners, config: a.config } satisfies SeatActivity)
      : null,
    items: new Set(row?.items ?? []),
    open: o ? ({ id: o.id, activityId: o.activity_id, number: o.number, seatsTaken: o.seats_taken, groupSize: o.group_size, priceFen: Number(o.price_fen), config: o.config, expiresAt: new Date(o.expires_at) } satisfies OpenGroup) : null,
    held: new Map(Object.entries(row?.held ?? {}).map(([k, v]) => [k, Number(v)])),
    cash: new Map(cash.map(([userId, [, balance]]) => [userId, Number(balance)])),
    accounts,
  };
}

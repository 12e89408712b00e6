import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { pipeline } from "@/db/pipeline";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { preferIndexProbes } from "../shared/index-probes";
import { businessDay, businessDayBounds } from "../shared/business-day";
import { accountRefKey, postTransfers } from "../ledger";
import { insertGroups, newGroup, nextGroupNumber, type GroupRow } from "./open-group";
import { assignSeats, type OpenGroup, type SeatActivity, type SeatPlan, type SeatRequest, type SeatState } from "./assign-seats";
import { dissolveGroup } from "./dissolve-group";
import { groupEventsNotify, groupFilledNotices, type GroupEvent } from "./notify-group-event";
import { lockActivitySeats, lockJoiningUsers } from "../shared/seat-locks";
import { promoterDaysEarned, promoterDaysUpsert } from "./promoter-validity";
import { frozenRefusal, type AccountStanding } from "../users/account-standing";

export interface JoinRequest {
  userId: string;
  itemId: string;
  /** Made by the client once per tap: a double click or a retry returns the first join and charges once. */
  entryId: string;
}

export interface JoinResult {
  entryId: string;
  groupId: string;
  seat: number;
  /** True when this join took the last seat: the group must now be drawn (drawPendingGroups). */
  filled: boolean;
}

export type JoinOutcome = { ok: true; value: JoinResult } | { ok: false; error: DomainError };

/**
 * 参团 (spec §2) for one shopper: pay P from cash and take the next seat of the activity's single
 * open group, in the caller's transaction. A batch of one; see joinActivityBatch.
 */
export async function joinActivity(tx: DbOrTx, clock: Clock, input: JoinRequest & { activityId: string }): Promise<JoinResult> {
  const [outcome] = await joinActivityBatch(tx, clock, input.activityId, [input]);
  if (!outcome) throw new Error("joinActivityBatch returned nothing");
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * 参团 for many shoppers of one activity in one transaction (the single writer of the activity
 * commits joins in batches: one seat lock, a fixed number of round trips and one commit for all of
 * them). Each request succeeds or fails on its own: a refused request (staff, frozen, second seat, too
 * little cash, unknown item) changes nothing and does not stop the others. Requests take seats in the
 * order given; the price comes from the group, never from the client.
 *
 * Four round trips: the shoppers' join locks and who they are; the activity's seat lock, their cash
 * rows locked and everything the seats depend on (the open group row-locked, the seats these shoppers
 * hold in it, their cash and its account ids); then the payments and the seats written together; then
 * the commit. Seats are consecutive, without gap or duplicate: every batch and the timeout job queue on
 * the seat lock. A request taking seat N marks the group full and opens the next one within the batch;
 * the draw runs after commit (DrawScheduler, or the stranded-draws job).
 */
export async function joinActivityBatch(tx: DbOrTx, clock: Clock, activityId: string, requests: JoinRequest[], options: BatchOptions = {}): Promise<JoinOutcome[]> {
  const now = clock.now();
  const outcomes: (JoinOutcome | undefined)[] = requests.map(() => undefined);
  const fail = (i: number, error: DomainError) => (outcomes[i] = { ok: false, error });

  // The same tap twice in one batch: the copy gets the first one's answer at the end.
  const firstOfEntry = new Map<string, number>();
  const copies: [number, number][] = [];
  requests.forEach((r, i) => {
    const first = firstOfEntry.get(r.entryId);
    if (first === undefined) firstOfEntry.set(r.entryId, i);
    else copies.push([i, first]);
  });
  const copyIndexes = new Set(copies.map(([i]) => i));

  // Rules 1 and 2 need "first of the day / ever" across the platform: one join per user at a time,
  // so who may join and their history are read after their locks.
  // Sent together (one round trip): the connection runs them in order, so the read's snapshot is taken
  // once the locks are held. Every statement of the batch reads a small keyed set: index probes only,
  // whatever the statistics of the fast-growing tables say (preferIndexProbes), for the transaction.
  const day = businessDay(now);
  const [, , known] = await Promise.all([preferIndexProbes(tx), lockJoiningUsers(tx, requests.filter((_, i) => !copyIndexes.has(i)).map((r) => r.userId)), readJoiners(tx, requests, day)]);
  requests.forEach((r, i) => {
    if (copyIndexes.has(i)) return;
    const u = known.users.get(r.userId);
    const previous = known.previous.get(r.entryId);
    const refused = joinerRefusal(u);
    if (refused) fail(i, refused);
    else if (previous) outcomes[i] = previous.userId === r.userId ? { ok: true, value: previous.result } : { ok: false, error: new DomainError("CONFLICT") };
  });
  const seating: SeatRequest[] = requests.flatMap((r, i) => (outcomes[i] || copyIndexes.has(i) ? [] : [{ i, userId: r.userId, itemId: r.itemId }]));
  if (seating.length === 0) return settleCopies(outcomes, copies, requests);

  // The seat lock, and under it the shoppers' cash rows (locked here, so no one spends the cash the
  // seats are judged on) and the state the seats depend on: sent together, run in this order.
  // Shoppers whose cash another transaction holds (a draw paying them) wait for the next batch if the
  // caller can send them again (the queue can: deferBusyCash), so no batch waits on a row lock while
  // it holds the seat lock.
  const users = seating.map((r) => r.userId);
  const [, cashLocked, state] = await Promise.all([lockActivitySeats(tx, activityId), lockCash(tx, users, !!options.deferBusyCash), readSeatState(tx, activityId, users)]);
  const seated = options.deferBusyCash ? seating.filter((r) => cashLocked.has(r.userId) || !state.cash.has(r.userId)) : seating;
  if (seated.length < seating.length) for (const r of seating) if (!seated.includes(r)) fail(r.i, new DomainError("TRY_AGAIN"));
  const plan = assignSeats(state, seated, now);
  const batch = { activityId, requests, seating: seated, known, day, now };
  if (!plan.refusedAll && plan.seats.size > 0) {
    // A timed-out open group is dissolved first (the seat lock is the timeout job's too, so a timeout
    // and a last join cannot both win). Then payments and seats go out together (cash was read locked:
    // the payments cannot overdraw).
    if (plan.expired) await dissolveGroup(tx, clock, plan.expired, "timeout");
    await Promise.all([pay(tx, clock, batch, plan, state.accounts), place(tx, clock, batch, state, plan)]);
  }

  for (const r of seated) {
    const refused = plan.refusedAll ?? plan.refused.get(r.i);
    if (refused) fail(r.i, refused);
  }
  for (const [i, s] of plan.seats) outcomes[i] = { ok: true, value: { entryId: requests[i]!.entryId, groupId: plan.slots[s.slot]!.existing!.id, seat: s.seat, filled: s.filled } };
  return settleCopies(outcomes, copies, requests);
}

export interface BatchOptions {
  /**
   * Leave out, with TRY_AGAIN, the requests of shoppers whose cash row another transaction has locked,
   * instead of waiting for it (the JoinQueue sends them again in its next batch).
   */
  deferBusyCash?: boolean;
}

interface Batch {
  activityId: string;
  requests: JoinRequest[];
  seating: SeatRequest[];
  known: Awaited<ReturnType<typeof readJoiners>>;
  day: string;
  now: Date;
}

/**
 * One ledger posting for every payment of the plan: `cash: user → group_escrow`, keyed by the entry id,
 * with the account ids read under the seat lock (no lookup). Inside the batch's transaction: a refused
 * payment fails the batch.
 */
async function pay(tx: DbOrTx, clock: Clock, batch: Batch, plan: SeatPlan, accounts: Map<string, number>): Promise<void> {
  const transfers = [...plan.seats].map(([i, s]) => {
    const r = batch.requests[i]!;
    return { key: `join:${r.entryId}:pay`, asset: "cash" as const, from: { userId: r.userId }, to: { platform: "group_escrow" as const }, amount: s.priceFen, reason: "join.pay", ref: { type: "entry", id: r.entryId } };
  });
  await postTransfers(tx, clock, transfers, { callerRollsBack: true, knownAccounts: accounts });
}

/**
 * Makes the plan real under the seat lock: marks a filled open group full and opens the next groups,
 * then writes the entries, promoter days, the open group's seat count, the fill notices and the events.
 * Fills in `existing` of every slot, so the caller can answer with group ids.
 *
 * The new groups are made here (ids and seeds included), so everything goes to the server at once and
 * runs in order there: one round trip while the seat lock is held.
 */
async function place(tx: DbOrTx, clock: Clock, batch: Batch, state: SeatState, plan: SeatPlan): Promise<void> {
  const activity = state.activity!;
  let number = plan.expired ? plan.expired.number + 1 : plan.slots[0]!.existing ? undefined : await nextGroupNumber(tx, activity.id);
  const opened: GroupRow[] = [];
  const filled: { id: string; nextGroupId: string }[] = [];
  for (const slot of plan.slots) {
    // Every slot after a filled one is a new group (the last one possibly still empty).
    if (!slot.existing) {
      const group = newGroup(clock, activity, number!);
      // Filled within this batch: it goes in full (an activity has one open group at a time).
      if (slot.filled) Object.assign(group, { status: "full", seatsTaken: slot.seatsTaken, filledAt: batch.now });
      opened.push(group);
      slot.existing = group;
    }
    number = slot.existing.number + 1;
    const previous = filled.at(-1);
    if (previous && !previous.nextGroupId) previous.nextGroupId = slot.existing.id;
    if (slot.filled) filled.push({ id: slot.existing.id, nextGroupId: "" });
  }
  const first = plan.slots[0]!;
  const closesOpenGroup = first.filled && !opened.includes(first.existing as GroupRow);

  const history = new Map([...batch.known.users].map(([id, u]) => [id, { ever: u.ever, today: u.today }]));
  const seated: SeatRow[] = [];
  const promoterDays = new Map<string, number>();
  for (const r of batch.seating) {
    const s = plan.seats.get(r.i);
    if (!s) continue;
    const past = history.get(r.userId) ?? { ever: false, today: false };
    seated.push({ id: batch.requests[r.i]!.entryId, groupId: plan.slots[s.slot]!.existing!.id, userId: r.userId, itemId: r.itemId, seat: s.seat, priceFen: s.priceFen, firstOfDay: !past.today, firstEver: !past.ever });
    promoterDays.set(r.userId, (promoterDays.get(r.userId) ?? 0) + promoterDaysEarned(past));
    history.set(r.userId, { ever: true, today: true });
  }
  const touched = plan.slots.filter((s) => s.seatsTaken > s.seatsBefore);
  const stillOpen = plan.slots.find((s) => !s.filled && s.seatsTaken > 0);
  const events = [
    ...touched.map((t): GroupEvent => ({ type: "seat", activityId: batch.activityId, groupId: t.existing!.id, seat: t.seatsTaken, seatsTaken: t.seatsTaken })),
    ...filled.map((f): GroupEvent => ({ type: "filled", activityId: batch.activityId, groupId: f.id, nextGroupId: f.nextGroupId })),
  ];
  // Sent together; the server runs them in this order: the open group is full before the next opens,
  // the groups exist before their entries, the entries before the notices read them.
  await pipeline(tx, [
    closesOpenGroup ? sql`UPDATE groups SET seats_taken = ${first.seatsTaken}, status = 'full', filled_at = ${batch.now.toISOString()}::timestamptz WHERE id = ${first.existing!.id}::uuid` : null,
    opened.length > 0 ? insertGroups(opened) : null,
    seatsWrite(batch, seated, promoterDays, stillOpen ? { group: stillOpen.existing!, seatsTaken: stillOpen.seatsTaken } : undefined, events),
    filled.length > 0 ? groupFilledNotices(filled.map((f) => f.id), activity.name, clock.now()) : null,
  ]);
}

/** Who may join at all (spec §2, §9): known shoppers who are not frozen; staff never. */
export function joinerRefusal(user: AccountStanding | undefined): DomainError | null {
  if (!user) return new DomainError("NOT_FOUND");
  if (user.role !== "shopper") return new DomainError("STAFF_CANNOT_JOIN");
  return frozenRefusal(user);
}

/**
 * The joining shoppers' cash rows, locked in id order (the order every ledger writer locks in); with
 * `skipLocked`, those another transaction holds are passed over. Returns whose rows are now locked.
 */
async function lockCash(tx: DbOrTx, userIds: string[], skipLocked: boolean): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.execute<{ user_id: string }>(
    sql`SELECT user_id FROM ledger_accounts WHERE asset = 'cash' AND user_id = ANY(${pgArray([...new Set(userIds)])}::uuid[]) ORDER BY id FOR NO KEY UPDATE ${skipLocked ? sql`SKIP LOCKED` : sql``}`,
  );
  return new Set(rows.map((r) => r.user_id));
}

/**
 * Who is joining (role, frozen, and whether they have any entry at all or on this business day, for
 * rules 1 and 2) and the joins already made with these entry ids (a retried tap: answered as they
 * were; a retry of the join that took the last seat says so, so the caller still triggers the draw).
 */
async function readJoiners(tx: DbOrTx, requests: JoinRequest[], day: string) {
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
    previous: new Map(
      (row?.previous ?? []).map((p) => [p.id, { userId: p.user_id, result: { entryId: p.id, groupId: p.group_id, seat: p.seat, filled: p.seat === p.group_size } }]),
    ),
  };
}

/**
 * The batch's seats in one statement: the entries, the promoter days they earn, the open group's
 * seat count, and the seat/fill events (delivered on commit). The sub-statements touch different
 * tables and read nothing the others write.
 */
function seatsWrite(
  batch: Batch,
  seated: SeatRow[],
  promoterDays: Map<string, number>,
  stillOpen: { group: OpenGroup; seatsTaken: number } | undefined,
  events: GroupEvent[],
): SQL {
  const col = <K extends keyof SeatRow>(k: K) => pgArray(seated.map((e) => e[k] as string | number | null));
  const days = [...promoterDays.entries()].filter(([, d]) => d > 0);
  return sql`
    WITH ins AS (
      INSERT INTO entries (id, group_id, activity_id, user_id, item_id, seat, price_fen, first_of_day, first_ever, business_day, created_at)
      SELECT x.id, x.group_id, ${batch.activityId}::uuid, x.user_id, x.item_id, x.seat, x.price_fen, x.first_of_day, x.first_ever, ${batch.day}::text, ${batch.now.toISOString()}::timestamptz
      FROM unnest(${col("id")}::uuid[], ${col("groupId")}::uuid[], ${col("userId")}::uuid[], ${col("itemId")}::uuid[],
                  ${col("seat")}::int[], ${col("priceFen")}::bigint[], ${pgArray(seated.map((e) => String(e.firstOfDay)))}::boolean[],
                  ${pgArray(seated.map((e) => String(e.firstEver)))}::boolean[]) AS x(id, group_id, user_id, item_id, seat, price_fen, first_of_day, first_ever)
      RETURNING 1),
    promoted AS (
      ${promoterDaysUpsert(days, batch.now)}
      RETURNING 1),
    seats AS (
      UPDATE groups SET seats_taken = ${stillOpen?.seatsTaken ?? 0} WHERE id = ${stillOpen?.group.id ?? null}::uuid
      RETURNING 1)
    ${groupEventsNotify(events)}`;
}

type SeatRow = { id: string; groupId: string; userId: string; itemId: string; seat: number; priceFen: number; firstOfDay: boolean; firstEver: boolean };

/**
 * Everything the seat assignment needs, in one statement under the seat lock: the activity, its items
 * on offer, its open group (row-locked), the seats held in it, these users' cash (their rows locked
 * by the statement before it) with its account ids, and the escrow account's id (the payments need
 * no account lookup).
 */
async function readSeatState(tx: DbOrTx, activityId: string, userIds: string[]): Promise<SeatState & { accounts: Map<string, number> }> {
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

/** A request repeated within the batch gets what its first copy got (a different user's copy: CONFLICT). */
function settleCopies(outcomes: (JoinOutcome | undefined)[], copies: [number, number][], requests: JoinRequest[]): JoinOutcome[] {
  for (const [i, first] of copies) {
    const o = outcomes[first]!;
    outcomes[i] = requests[i]!.userId === requests[first]!.userId ? o : { ok: false, error: new DomainError("CONFLICT") };
  }
  return outcomes.map((o) => o ?? { ok: false, error: new DomainError("INTERNAL") });
}

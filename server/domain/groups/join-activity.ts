import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { businessDay } from "../shared/business-day";
import { postTransfers } from "../ledger";
import { ActivityConfigSchema, type ActivityConfig } from "../activities/activity-config";
import { openGroup, type ActivityForGroup } from "./open-group";
import { dissolveGroup } from "./dissolve-group";
import { groupEventsNotify, notifyUsers, type GroupEvent } from "./notify-group-event";
import { promoterDaysUpsert } from "./promoter-validity";

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

type Group = typeof groups.$inferSelect;

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
 * commits joins in batches: one seat lock, one set of statements and one commit for all of them).
 * Each request succeeds or fails on its own: a refused request (staff, frozen, second seat, too little
 * cash, unknown item) changes nothing and does not stop the others. Requests take seats in the order
 * given; the price comes from the group, never from the client.
 *
 * Seats are handed out under the activity's seat lock (taken last, after everything that can be read
 * before it), so concurrent batches get consecutive seats with no gap and no duplicate. A request that
 * takes seat N marks the group full and opens the next one within the batch; the draw runs after commit
 * (drawPendingGroups, or the stranded-draws job if that never happens).
 */
export async function joinActivityBatch(tx: DbOrTx, clock: Clock, activityId: string, requests: JoinRequest[]): Promise<JoinOutcome[]> {
  const now = clock.now();
  const outcomes: (JoinOutcome | undefined)[] = requests.map(() => undefined);
  const fail = (i: number, error: DomainError) => (outcomes[i] = { ok: false, error });
  const pending = () => requests.flatMap((r, i) => (outcomes[i] ? [] : [{ ...r, i }]));

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
  await lockJoiningUsers(tx, requests.filter((_, i) => !copyIndexes.has(i)).map((r) => r.userId));
  const day = businessDay(now);
  const known = await readJoiners(tx, requests, day);
  requests.forEach((r, i) => {
    if (copyIndexes.has(i)) return;
    const u = known.users.get(r.userId);
    const previous = known.previous.get(r.entryId);
    if (!u) fail(i, new DomainError("NOT_FOUND"));
    else if (u.role !== "shopper") fail(i, new DomainError("STAFF_CANNOT_JOIN"));
    else if (u.frozen) fail(i, new DomainError("ACCOUNT_FROZEN"));
    else if (previous) outcomes[i] = previous.userId === r.userId ? { ok: true, value: previous.result } : { ok: false, error: new DomainError("CONFLICT") };
  });
  const history = new Map([...known.users].map(([id, u]) => [id, { ever: u.ever, today: u.today }]));

  await lockActivitySeats(tx, activityId);
  // Read under the lock: an operator's edit or pause (which takes the same lock) reaches this batch.
  const seating = pending().filter((r) => !copyIndexes.has(r.i));
  const state = await readSeatState(tx, activityId, seating.map((r) => r.userId));
  const activity = openActivity(state.activity, now);
  if (!activity.ok) {
    for (const r of seating) fail(r.i, activity.error);
    return settleCopies(outcomes, copies, requests);
  }
  let group = state.open && state.open.expiresAt > clock.now() ? state.open : await replaceOpenGroup(tx, clock, activity.value, state.open);
  let held = state.open?.id === group.id ? state.held : new Map<string, number>();
  const { items, cash } = state;

  const configs = new Map<string, ActivityConfig>();
  const configOf = (g: OpenGroup) => configs.get(g.id) ?? configs.set(g.id, ActivityConfigSchema.parse(g.config)).get(g.id)!;
  const seated: SeatRow[] = [];
  const touched = new Map<string, { group: OpenGroup; seatsTaken: number; filledAt: Date | null; nextGroupId: string | null }>();
  const promoterDays = new Map<string, number>();
  for (const r of seating) {
    if (!items.has(r.itemId)) {
      fail(r.i, new DomainError("ITEM_NOT_IN_ACTIVITY"));
      continue;
    }
    const config = configOf(group);
    if ((held.get(r.userId) ?? 0) >= config.seatsPerUser) {
      fail(r.i, new DomainError("SEATS_PER_USER_REACHED", { max: config.seatsPerUser }));
      continue;
    }
    if ((cash.get(r.userId) ?? 0) < group.priceFen) {
      fail(r.i, new DomainError("INSUFFICIENT_BALANCE"));
      continue;
    }
    const slot = touched.get(group.id) ?? { group, seatsTaken: group.seatsTaken, filledAt: null, nextGroupId: null };
    touched.set(group.id, slot);
    const seat = ++slot.seatsTaken;
    const past = history.get(r.userId) ?? { ever: false, today: false };
    seated.push({ id: r.entryId, groupId: group.id, activityId, userId: r.userId, itemId: r.itemId, seat, priceFen: group.priceFen, firstOfDay: !past.today, firstEver: !past.ever, businessDay: day });
    promoterDays.set(r.userId, (promoterDays.get(r.userId) ?? 0) + (past.ever ? 0 : 1) + (past.today ? 0 : 1));
    history.set(r.userId, { ever: true, today: true });
    cash.set(r.userId, (cash.get(r.userId) ?? 0) - group.priceFen);
    held.set(r.userId, (held.get(r.userId) ?? 0) + 1);
    const filled = seat === group.groupSize;
    outcomes[r.i] = { ok: true, value: { entryId: r.entryId, groupId: group.id, seat, filled } };
    if (filled) {
      slot.filledAt = now;
      // Full before the next one opens: an activity has one open group at a time (unique index).
      await tx.update(groups).set({ seatsTaken: seat, status: "full", filledAt: now }).where(eq(groups.id, group.id));
      group = await openGroup(tx, clock, activity.value, group.number + 1);
      slot.nextGroupId = group.id;
      held = new Map();
    }
  }
  if (seated.length === 0) return settleCopies(outcomes, copies, requests);

  await postTransfers(
    tx,
    clock,
    seated.map((e) => ({ key: `join:${e.id}:pay`, asset: "cash" as const, from: { userId: e.userId }, to: { platform: "group_escrow" as const }, amount: e.priceFen, reason: "join.pay", ref: { type: "entry", id: e.id } })),
  );
  const filled = [...touched.values()].filter((t) => t.filledAt);
  const stillOpen = [...touched.values()].find((t) => !t.filledAt);
  await recordSeats(tx, seated, promoterDays, stillOpen, now, [
    ...[...touched.values()].map((t): GroupEvent => ({ type: "seat", activityId, groupId: t.group.id, seat: t.seatsTaken, seatsTaken: t.seatsTaken })),
    ...filled.map((t): GroupEvent => ({ type: "filled", activityId, groupId: t.group.id, nextGroupId: t.nextGroupId! })),
  ]);
  if (filled.length > 0) await notifyFilled(tx, clock, activity.value, filled.map((f) => f.group.id));
  return settleCopies(outcomes, copies, requests);
}

/** The queue of an activity's seats: joins and the timeout job take it before touching the open group. */
export async function lockActivitySeats(tx: DbOrTx, activityId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"activity-seats:" + activityId}, 0))`);
}

/** Per-user join locks, all in one statement and in one global order (so batches cannot deadlock). */
async function lockJoiningUsers(tx: DbOrTx, userIds: string[]): Promise<void> {
  const keys = [...new Set(userIds)].sort().map((id) => `join-user:${id}`);
  if (keys.length === 0) return;
  await tx.execute(sql`
    SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
    FROM unnest(${pgArray(keys)}::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`);
}

/**
 * Who is joining (role, frozen, and whether they have any entry at all or on this business day, for
 * rules 1 and 2) and the joins already made with these entry ids (a retried tap: answered as they
 * were; a retry of the join that took the last seat says so, so the caller still triggers the draw).
 */
async function readJoiners(tx: DbOrTx, requests: JoinRequest[], day: string) {
  const [row] = await tx.execute<{ users: { id: string; role: string; frozen: boolean; ever: boolean; today: boolean }[] | null; previous: { id: string; user_id: string; group_id: string; seat: number; group_size: number }[] | null }>(sql`
    SELECT
      (SELECT json_agg(json_build_object('id', u.id, 'role', u.role, 'frozen', u.frozen,
                 'ever', EXISTS (SELECT 1 FROM entries e WHERE e.user_id = u.id),
                 'today', EXISTS (SELECT 1 FROM entries e WHERE e.user_id = u.id AND e.business_day = ${day})))
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

/** The activity as a batch needs it: whether it is open, what a new group snapshots, its name for notices. */
type SeatActivity = ActivityForGroup & { name: string; status: string; opensAt: Date; closesAt: Date | null };

function openActivity(activity: SeatActivity | null, now: Date): { ok: true; value: SeatActivity } | { ok: false; error: DomainError } {
  if (!activity) return { ok: false, error: new DomainError("NOT_FOUND") };
  if (activity.status !== "active" || activity.opensAt > now || (activity.closesAt && activity.closesAt <= now)) return { ok: false, error: new DomainError("ACTIVITY_NOT_OPEN") };
  return { ok: true, value: activity };
}

/**
 * A fresh open group when there is none, or when the open one has timed out: that one is dissolved
 * here (under the seat lock the timeout job takes too, so a timeout and a last join cannot both win).
 */
async function replaceOpenGroup(tx: DbOrTx, clock: Clock, activity: SeatActivity, expired: OpenGroup | null): Promise<OpenGroup> {
  if (expired) await dissolveGroup(tx, clock, expired, "timeout");
  return openGroup(tx, clock, activity, expired ? expired.number + 1 : undefined);
}

/**
 * The batch's seats in one statement: the entries, the promoter days they earn, the open group's
 * seat count, and the seat/fill events (delivered on commit). The sub-statements touch different
 * tables and read nothing the others write.
 */
async function recordSeats(
  tx: DbOrTx,
  seated: SeatRow[],
  promoterDays: Map<string, number>,
  stillOpen: { group: OpenGroup; seatsTaken: number } | undefined,
  now: Date,
  events: GroupEvent[],
): Promise<void> {
  const col = <K extends keyof SeatRow>(k: K) => pgArray(seated.map((e) => e[k] as string | number | null));
  const days = [...promoterDays.entries()].filter(([, d]) => d > 0);
  await tx.execute(sql`
    WITH ins AS (
      INSERT INTO entries (id, group_id, activity_id, user_id, item_id, seat, price_fen, first_of_day, first_ever, business_day, created_at)
      SELECT * FROM unnest(${col("id")}::uuid[], ${col("groupId")}::uuid[], ${col("activityId")}::uuid[], ${col("userId")}::uuid[], ${col("itemId")}::uuid[],
                           ${col("seat")}::int[], ${col("priceFen")}::bigint[], ${pgArray(seated.map((e) => String(e.firstOfDay)))}::boolean[],
                           ${pgArray(seated.map((e) => String(e.firstEver)))}::boolean[], ${col("businessDay")}::text[],
                           ${pgArray(seated.map(() => now.toISOString()))}::timestamptz[])
      RETURNING 1),
    promoted AS (
      ${promoterDaysUpsert(days, now)}
      RETURNING 1),
    seats AS (
      UPDATE groups SET seats_taken = ${stillOpen?.seatsTaken ?? 0} WHERE id = ${stillOpen?.group.id ?? null}::uuid
      RETURNING 1)
    ${groupEventsNotify(events)}`);
}

type SeatRow = { id: string; groupId: string; activityId: string; userId: string; itemId: string; seat: number; priceFen: number; firstOfDay: boolean; firstEver: boolean; businessDay: string };

/** The columns of the open group a batch works with. */
type OpenGroup = Pick<Group, "id" | "activityId" | "number" | "seatsTaken" | "groupSize" | "priceFen" | "config" | "expiresAt">;

/**
 * Everything the seat assignment needs, read under the seat lock in one statement: the activity, its
 * items on offer, its open group (row-locked), the seats these users hold in it, and their cash. Cash
 * is read without a lock: a withdrawal committing in between makes the payment's balance CHECK fail,
 * which rolls the batch back (the queue retries its requests one by one).
 */
async function readSeatState(tx: DbOrTx, activityId: string, userIds: string[]) {
  const users = pgArray([...new Set(userIds)]);
  const [row] = await tx.execute<{
    activity: { id: string; name: string; status: string; opens_at: string; closes_at: string | null; price_fen: number; group_size: number; winners: number; config: unknown } | null;
    items: string[] | null;
    open: { id: string; activity_id: string; number: number; seats_taken: number; group_size: number; price_fen: number; config: unknown; expires_at: string } | null;
    held: Record<string, number> | null;
    cash: Record<string, number> | null;
  }>(sql`
    WITH g AS (SELECT * FROM groups WHERE activity_id = ${activityId} AND status = 'open' FOR UPDATE)
    SELECT
      (SELECT json_build_object('id', a.id, 'name', a.name, 'status', a.status, 'opens_at', a.opens_at, 'closes_at', a.closes_at,
                                'price_fen', a.price_fen, 'group_size', a.group_size, 'winners', a.winners, 'config', a.config)
       FROM activities a WHERE a.id = ${activityId}) AS activity,
      (SELECT json_agg(i.id) FROM activity_items i WHERE i.activity_id = ${activityId} AND i.active) AS items,
      (SELECT json_build_object('id', g.id, 'activity_id', g.activity_id, 'number', g.number, 'seats_taken', g.seats_taken, 'group_size', g.group_size,
                                'price_fen', g.price_fen, 'config', g.config, 'expires_at', g.expires_at) FROM g) AS open,
      (SELECT json_object_agg(h.user_id, h.n) FROM (
         SELECT e.user_id, count(*) AS n FROM entries e WHERE e.group_id = (SELECT id FROM g) AND e.user_id = ANY(${users}::uuid[]) GROUP BY e.user_id) h) AS held,
      (SELECT json_object_agg(l.user_id, l.balance) FROM ledger_accounts l WHERE l.asset = 'cash' AND l.user_id = ANY(${users}::uuid[])) AS cash`);
  const o = row?.open;
  const a = row?.activity;
  return {
    activity: a
      ? ({ id: a.id, name: a.name, status: a.status, opensAt: new Date(a.opens_at), closesAt: a.closes_at ? new Date(a.closes_at) : null, priceFen: Number(a.price_fen), groupSize: a.group_size, winners: a.winners, config: a.config } satisfies SeatActivity)
      : null,
    items: new Set(row?.items ?? []),
    open: o ? ({ id: o.id, activityId: o.activity_id, number: o.number, seatsTaken: o.seats_taken, groupSize: o.group_size, priceFen: Number(o.price_fen), config: o.config, expiresAt: new Date(o.expires_at) } satisfies OpenGroup) : null,
    held: new Map(Object.entries(row?.held ?? {}).map(([k, v]) => [k, Number(v)])),
    cash: new Map(Object.entries(row?.cash ?? {}).map(([k, v]) => [k, Number(v)])),
  };
}

async function notifyFilled(tx: DbOrTx, clock: Clock, activity: SeatActivity, groupIds: string[]): Promise<void> {
  const seated = await tx.execute<{ group_id: string; user_id: string }>(
    sql`SELECT DISTINCT group_id, user_id FROM entries WHERE group_id = ANY(${pgArray(groupIds)}::uuid[])`,
  );
  await notifyUsers(tx, clock, seated.map((s) => ({ userId: s.user_id, kind: "group.filled", refId: s.group_id, payload: { groupId: s.group_id, activityName: activity.name } })));
}

/** A request repeated within the batch gets what its first copy got (a different user's copy: CONFLICT). */
function settleCopies(outcomes: (JoinOutcome | undefined)[], copies: [number, number][], requests: JoinRequest[]): JoinOutcome[] {
  for (const [i, first] of copies) {
    const o = outcomes[first]!;
    outcomes[i] = requests[i]!.userId === requests[first]!.userId ? o : { ok: false, error: new DomainError("CONFLICT") };
  }
  return outcomes.map((o) => o ?? { ok: false, error: new DomainError("INTERNAL") });
}

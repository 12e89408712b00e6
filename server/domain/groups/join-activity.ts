import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems, entries, groups } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { businessDay } from "../shared/business-day";
import { postTransfers } from "../ledger";
import { ActivityConfigSchema, type ActivityConfig } from "../activities/activity-config";
import { openGroup } from "./open-group";
import { dissolveGroup } from "./dissolve-group";
import { notifyUsers, publishGroupEvents, type GroupEvent } from "./notify-group-event";
import { grantPromoterDays } from "./promoter-validity";

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
type Activity = typeof activities.$inferSelect;

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

  await refuseWhoCannotJoin(tx, requests, (i, e) => !copyIndexes.has(i) && fail(i, e));
  const mine = pending().filter((r) => !copyIndexes.has(r.i));

  // Rule 1 and 2 need "first of the day / ever" across the platform: one join per user at a time.
  await lockJoiningUsers(tx, mine.map((r) => r.userId));
  for (const p of await previousJoins(tx, mine.map((r) => r.entryId))) {
    const i = firstOfEntry.get(p.entryId)!;
    outcomes[i] = p.userId === requests[i]!.userId ? { ok: true, value: p.result } : { ok: false, error: new DomainError("CONFLICT") };
  }
  const day = businessDay(now);
  const history = await entryHistory(tx, pending().filter((r) => !copyIndexes.has(r.i)).map((r) => r.userId), day);

  await lockActivitySeats(tx, activityId);
  // Read under the lock: an operator's edit or pause (which takes the same lock) reaches this batch.
  const activity = await readOpenActivity(tx, activityId, now);
  const seating = pending().filter((r) => !copyIndexes.has(r.i));
  if (!activity.ok) {
    for (const r of seating) fail(r.i, activity.error);
    return settleCopies(outcomes, copies, requests);
  }
  const items = new Set(
    (await tx.select({ id: activityItems.id }).from(activityItems).where(and(eq(activityItems.activityId, activityId), eq(activityItems.active, true)))).map((x) => x.id),
  );
  let group = await lockOpenGroup(tx, clock, activity.value);
  let held = await seatsHeld(tx, group.id, seating.map((r) => r.userId));
  const cash = await cashBalances(tx, seating.map((r) => r.userId));

  const configs = new Map<string, ActivityConfig>();
  const configOf = (g: Group) => configs.get(g.id) ?? configs.set(g.id, ActivityConfigSchema.parse(g.config)).get(g.id)!;
  const seated: (typeof entries.$inferInsert)[] = [];
  const touched = new Map<string, { group: Group; seatsTaken: number; filledAt: Date | null; nextGroupId: string | null }>();
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
    const state = touched.get(group.id) ?? { group, seatsTaken: group.seatsTaken, filledAt: null, nextGroupId: null };
    touched.set(group.id, state);
    const seat = ++state.seatsTaken;
    const past = history.get(r.userId) ?? { ever: false, today: false };
    seated.push({ id: r.entryId, groupId: group.id, activityId, userId: r.userId, itemId: r.itemId, seat, priceFen: group.priceFen, firstOfDay: !past.today, firstEver: !past.ever, businessDay: day, createdAt: now });
    promoterDays.set(r.userId, (promoterDays.get(r.userId) ?? 0) + (past.ever ? 0 : 1) + (past.today ? 0 : 1));
    history.set(r.userId, { ever: true, today: true });
    cash.set(r.userId, (cash.get(r.userId) ?? 0) - group.priceFen);
    held.set(r.userId, (held.get(r.userId) ?? 0) + 1);
    const filled = seat === group.groupSize;
    outcomes[r.i] = { ok: true, value: { entryId: r.entryId, groupId: group.id, seat, filled } };
    if (filled) {
      state.filledAt = now;
      // Full before the next one opens: an activity has one open group at a time (unique index).
      await tx.update(groups).set({ seatsTaken: seat, status: "full", filledAt: now }).where(eq(groups.id, group.id));
      group = await openGroup(tx, clock, activity.value);
      state.nextGroupId = group.id;
      held = new Map();
    }
  }
  if (seated.length === 0) return settleCopies(outcomes, copies, requests);

  await postTransfers(
    tx,
    clock,
    seated.map((e) => ({ key: `join:${e.id}:pay`, asset: "cash" as const, from: { userId: e.userId }, to: { platform: "group_escrow" as const }, amount: e.priceFen, reason: "join.pay", ref: { type: "entry", id: e.id! } })),
  );
  await tx.insert(entries).values(seated);
  await grantPromoterDays(tx, clock, [...promoterDays.entries()].map(([userId, days]) => ({ userId, days })));
  const filled = [...touched.values()].filter((t) => t.filledAt);
  const stillOpen = [...touched.values()].find((t) => !t.filledAt);
  if (stillOpen) await tx.update(groups).set({ seatsTaken: stillOpen.seatsTaken }).where(eq(groups.id, stillOpen.group.id));
  if (filled.length > 0) await notifyFilled(tx, clock, activity.value, filled.map((f) => f.group.id));
  await publishGroupEvents(tx, [
    ...[...touched.values()].map((t): GroupEvent => ({ type: "seat", activityId, groupId: t.group.id, seat: t.seatsTaken, seatsTaken: t.seatsTaken })),
    ...filled.map((t): GroupEvent => ({ type: "filled", activityId, groupId: t.group.id, nextGroupId: t.nextGroupId! })),
  ]);
  return settleCopies(outcomes, copies, requests);
}

/** The queue of an activity's seats: joins and the timeout job take it before touching the open group. */
export async function lockActivitySeats(tx: DbOrTx, activityId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"activity-seats:" + activityId}, 0))`);
}

/** Unknown users, staff and frozen accounts cannot join. */
async function refuseWhoCannotJoin(tx: DbOrTx, requests: JoinRequest[], refuse: (i: number, e: DomainError) => void): Promise<void> {
  const rows = await tx.execute<{ id: string; role: string; frozen: boolean }>(
    sql`SELECT id, role, frozen FROM users WHERE id = ANY(${pgArray([...new Set(requests.map((r) => r.userId))])}::uuid[])`,
  );
  const byId = new Map(rows.map((u) => [u.id, u]));
  requests.forEach((r, i) => {
    const u = byId.get(r.userId);
    if (!u) refuse(i, new DomainError("NOT_FOUND"));
    else if (u.role !== "shopper") refuse(i, new DomainError("STAFF_CANNOT_JOIN"));
    else if (u.frozen) refuse(i, new DomainError("ACCOUNT_FROZEN"));
  });
}

/** Per-user join locks, all in one statement and in one global order (so batches cannot deadlock). */
async function lockJoiningUsers(tx: DbOrTx, userIds: string[]): Promise<void> {
  const keys = [...new Set(userIds)].sort().map((id) => `join-user:${id}`);
  if (keys.length === 0) return;
  await tx.execute(sql`
    SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
    FROM unnest(${pgArray(keys)}::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`);
}

/** Joins already made with these entry ids (a retried tap): answered as they were. */
async function previousJoins(tx: DbOrTx, entryIds: string[]): Promise<{ entryId: string; userId: string; result: JoinResult }[]> {
  if (entryIds.length === 0) return [];
  const rows = await tx.execute<{ id: string; user_id: string; group_id: string; seat: number; group_size: number }>(sql`
    SELECT e.id, e.user_id, e.group_id, e.seat, g.group_size FROM entries e JOIN groups g ON g.id = e.group_id
    WHERE e.id = ANY(${pgArray(entryIds)}::uuid[])`);
  // A retry of the join that took the last seat says so, so the caller still triggers the draw.
  return rows.map((r) => ({ entryId: r.id, userId: r.user_id, result: { entryId: r.id, groupId: r.group_id, seat: r.seat, filled: r.seat === r.group_size } }));
}

/** Whether each user has any entry at all, and any on this business day (rules 1 and 2). */
async function entryHistory(tx: DbOrTx, userIds: string[], day: string): Promise<Map<string, { ever: boolean; today: boolean }>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx.execute<{ id: string; ever: boolean; today: boolean }>(sql`
    SELECT u.id,
           EXISTS (SELECT 1 FROM entries e WHERE e.user_id = u.id) AS ever,
           EXISTS (SELECT 1 FROM entries e WHERE e.user_id = u.id AND e.business_day = ${day}) AS today
    FROM unnest(${pgArray([...new Set(userIds)])}::uuid[]) AS u(id)`);
  return new Map(rows.map((r) => [r.id, { ever: r.ever, today: r.today }]));
}

async function readOpenActivity(tx: DbOrTx, activityId: string, now: Date): Promise<{ ok: true; value: Activity } | { ok: false; error: DomainError }> {
  const [activity] = await tx.select().from(activities).where(eq(activities.id, activityId));
  if (!activity) return { ok: false, error: new DomainError("NOT_FOUND") };
  if (activity.status !== "active" || activity.opensAt > now || (activity.closesAt && activity.closesAt <= now)) return { ok: false, error: new DomainError("ACTIVITY_NOT_OPEN") };
  return { ok: true, value: activity };
}

/**
 * The activity's open group, locked. Joins of one activity queue on the seat lock first, so this
 * always sees the group the previous batch opened (READ COMMITTED takes a new snapshot per statement).
 * One that has timed out is dissolved here (under the lock the timeout job takes too, so a timeout and
 * a last join cannot both win) and a fresh one opened.
 */
async function lockOpenGroup(tx: DbOrTx, clock: Clock, activity: Activity): Promise<Group> {
  const [open] = await tx.select().from(groups).where(and(eq(groups.activityId, activity.id), eq(groups.status, "open"))).for("update");
  if (open && open.expiresAt > clock.now()) return open;
  if (open) await dissolveGroup(tx, clock, open, "timeout");
  return openGroup(tx, clock, activity);
}

async function seatsHeld(tx: DbOrTx, groupId: string, userIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.execute<{ user_id: string; n: string }>(sql`
    SELECT user_id, count(*) AS n FROM entries WHERE group_id = ${groupId} AND user_id = ANY(${pgArray([...new Set(userIds)])}::uuid[]) GROUP BY user_id`);
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/**
 * Cash each user holds now. Read without a lock: a withdrawal committing in between makes the
 * payment's balance CHECK fail, which rolls the batch back (the caller retries its requests one by one).
 */
async function cashBalances(tx: DbOrTx, userIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.execute<{ user_id: string; balance: string }>(sql`
    SELECT user_id, balance FROM ledger_accounts WHERE asset = 'cash' AND user_id = ANY(${pgArray([...new Set(userIds)])}::uuid[])`);
  return new Map(rows.map((r) => [r.user_id, Number(r.balance)]));
}

async function notifyFilled(tx: DbOrTx, clock: Clock, activity: Activity, groupIds: string[]): Promise<void> {
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

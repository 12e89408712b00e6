import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { preferIndexProbes } from "../shared/index-probes";
import { businessDay } from "../shared/business-day";
import { lockActivitySeats, lockJoiningUsers } from "../shared/seat-locks";
import { frozenRefusal, type AccountStanding } from "../users/account-standing";
import { assignSeats } from "./assign-seats";
import { lockCash, readJoiners, readSeatState } from "./read-join-batch";
import { writeJoinBatch, type SeatingRequest } from "./write-join-batch";

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
  const copies: Copy[] = [];
  requests.forEach((r, i) => {
    const first = firstOfEntry.get(r.entryId);
    if (first === undefined) firstOfEntry.set(r.entryId, i);
    else copies.push({ i, first, sameUser: requests[first]?.userId === r.userId });
  });
  const copyIndexes = new Set(copies.map((c) => c.i));

  // Rules 1 and 2 need "first of the day / ever" across the platform: one join per user at a time,
  // so who may join and their history are read after their locks.
  // Sent together (one round trip): the connection runs them in order, so the read's snapshot is taken
  // once the locks are held. Every statement of the batch reads a small keyed set: index probes only,
  // whatever the statistics of the fast-growing tables say (preferIndexProbes), for the transaction.
  const day = businessDay(now);
  const [, , known] = await Promise.all([preferIndexProbes(tx), lockJoiningUsers(tx, requests.filter((_, i) => !copyIndexes.has(i)).map((r) => r.userId)), readJoiners(tx, requests, day)]);
  const seating: SeatingRequest[] = [];
  requests.forEach((r, i) => {
    if (copyIndexes.has(i)) return;
    const previous = known.previous.get(r.entryId);
    const refused = joinerRefusal(known.users.get(r.userId));
    if (refused) fail(i, refused);
    else if (previous) outcomes[i] = previous.userId === r.userId ? { ok: true, value: previous.result } : { ok: false, error: new DomainError("CONFLICT") };
    else seating.push({ i, userId: r.userId, itemId: r.itemId, entryId: r.entryId });
  });
  if (seating.length === 0) return settleCopies(outcomes, copies);

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
  if (!plan.refusedAll && plan.seats.size > 0 && state.activity) {
    const history = new Map([...known.users].map(([id, u]) => [id, { ever: u.ever, today: u.today }]));
    const placed = await writeJoinBatch(tx, clock, { activity: state.activity, day, now, history }, plan, state.accounts);
    for (const p of placed) for (const s of p.slot.taken) outcomes[s.request.i] = { ok: true, value: { entryId: s.request.entryId, groupId: p.groupId, seat: s.seat, filled: s.filled } };
  }
  for (const r of seated) {
    const refused = plan.refusedAll ?? plan.refused.get(r.i);
    if (refused) fail(r.i, refused);
  }
  return settleCopies(outcomes, copies);
}

export interface BatchOptions {
  /**
   * Leave out, with TRY_AGAIN, the requests of shoppers whose cash row another transaction has locked,
   * instead of waiting for it (the JoinQueue sends them again in its next batch).
   */
  deferBusyCash?: boolean;
}

/** Who may join at all (spec §2, §9): known shoppers who are not frozen; staff never. */
export function joinerRefusal(user: AccountStanding | undefined): DomainError | null {
  if (!user) return new DomainError("NOT_FOUND");
  if (user.role !== "shopper") return new DomainError("STAFF_CANNOT_JOIN");
  return frozenRefusal(user);
}

/** A request repeated within the batch (index `i`), and the index of its first copy. */
type Copy = { i: number; first: number; sameUser: boolean };

/** A request repeated within the batch gets what its first copy got (a different user's copy: CONFLICT). */
function settleCopies(outcomes: (JoinOutcome | undefined)[], copies: Copy[]): JoinOutcome[] {
  for (const c of copies) outcomes[c.i] = c.sameUser ? outcomes[c.first] : { ok: false, error: new DomainError("CONFLICT") };
  return outcomes.map((o) => o ?? { ok: false, error: new DomainError("INTERNAL") });
}

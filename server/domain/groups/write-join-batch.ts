import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { pipeline } from "@/db/pipeline";
import type { Clock } from "../shared/clock";
import { postTransfers } from "../ledger";
import type { SeatActivity, SeatPlan, SeatRequest, SeatSlot } from "./assign-seats";
import { dissolveGroup } from "./dissolve-group";
import { groupEventsNotify, groupFilledNotices, type GroupEvent } from "./notify-group-event";
import { insertGroups, newGroup, nextGroupNumber, type GroupRow } from "./open-group";
import { promoterDaysEarned, promoterDaysUpsert } from "./promoter-validity";

/*
 * What a join batch writes under the seat lock (joinActivityBatch), once its seats are assigned.
 */

/** A request of the batch as seat assignment sees it, with the entry id its seat gets. */
export type SeatingRequest = SeatRequest & { entryId: string };

/** The batch being written: its activity, business day and instant, and its shoppers' entry history before it. */
export interface JoinBatch {
  activity: SeatActivity;
  day: string;
  now: Date;
  history: ReadonlyMap<string, { ever: boolean; today: boolean }>;
}

/** A slot of the plan and the group it is: the open one, or one this batch opened. */
export interface PlacedSlot {
  slot: SeatSlot<SeatingRequest>;
  groupId: string;
}

/**
 * Makes the plan real: a timed-out open group is dissolved first (the seat lock is the timeout job's
 * too, so a timeout and a last join cannot both win); then the payments and the seats go out together
 * (cash was read locked: the payments cannot overdraw). Returns each slot with its group.
 */
export async function writeJoinBatch(tx: DbOrTx, clock: Clock, batch: JoinBatch, plan: SeatPlan<SeatingRequest>, accounts: Map<string, number>): Promise<PlacedSlot[]> {
  if (plan.expired) await dissolveGroup(tx, clock, plan.expired, "timeout");
  const [, placed] = await Promise.all([pay(tx, clock, plan, accounts), place(tx, clock, batch, plan)]);
  return placed;
}

/**
 * One ledger posting for every payment of the plan: `cash: user → group_escrow`, keyed by the entry id,
 * with the account ids read under the seat lock (no lookup). Inside the batch's transaction: a refused
 * payment fails the batch.
 */
async function pay(tx: DbOrTx, clock: Clock, plan: SeatPlan<SeatingRequest>, accounts: Map<string, number>): Promise<void> {
  const transfers = plan.slots.flatMap((slot) =>
    slot.taken.map(({ request: r, priceFen }) => ({ key: `join:${r.entryId}:pay`, asset: "cash" as const, from: { userId: r.userId }, to: { platform: "group_escrow" as const }, amount: priceFen, reason: "join.pay", ref: { type: "entry", id: r.entryId } })),
  );
  await postTransfers(tx, clock, transfers, { callerRollsBack: true, knownAccounts: accounts });
}

/**
 * Marks a filled open group full and opens the next groups, then writes the entries, promoter days, the
 * open group's seat count, the fill notices and the events.
 *
 * The new groups are made here (ids and seeds included), so everything goes to the server at once and
 * runs in order there: one round trip while the seat lock is held.
 */
async function place(tx: DbOrTx, clock: Clock, batch: JoinBatch, plan: SeatPlan<SeatingRequest>): Promise<PlacedSlot[]> {
  const first = plan.slots[0];
  let number = first?.existing ? first.existing.number + 1 : plan.expired ? plan.expired.number + 1 : await nextGroupNumber(tx, batch.activity.id);
  const opened: GroupRow[] = [];
  const placed: PlacedSlot[] = [];
  for (const slot of plan.slots) {
    // Every slot after a filled one is a new group (the last one possibly still empty).
    let group: { id: string; number: number };
    if (slot.existing) group = slot.existing;
    else {
      const row = newGroup(clock, batch.activity, number);
      // Filled within this batch: it goes in full (an activity has one open group at a time).
      if (slot.filled) Object.assign(row, { status: "full", seatsTaken: slot.seatsTaken, filledAt: batch.now });
      opened.push(row);
      group = row;
    }
    number = group.number + 1;
    placed.push({ slot, groupId: group.id });
  }
  const filled = placed.flatMap((p, k) => (p.slot.filled ? [{ id: p.groupId, nextGroupId: placed[k + 1]?.groupId ?? "" }] : []));
  const closing = placed[0]?.slot.existing && placed[0].slot.filled ? placed[0] : undefined;

  const history = new Map(batch.history);
  const seated: SeatRow[] = [];
  const promoterDays = new Map<string, number>();
  for (const p of placed) {
    for (const s of p.slot.taken) {
      const r = s.request;
      const past = history.get(r.userId) ?? { ever: false, today: false };
      seated.push({ id: r.entryId, groupId: p.groupId, userId: r.userId, itemId: r.itemId, seat: s.seat, priceFen: s.priceFen, firstOfDay: !past.today, firstEver: !past.ever });
      promoterDays.set(r.userId, (promoterDays.get(r.userId) ?? 0) + promoterDaysEarned(past));
      history.set(r.userId, { ever: true, today: true });
    }
  }
  const stillOpen = placed.find((p) => !p.slot.filled && p.slot.seatsTaken > 0);
  const events = [
    ...placed
      .filter((p) => p.slot.seatsTaken > p.slot.seatsBefore)
      .map((p): GroupEvent => ({ type: "seat", activityId: batch.activity.id, groupId: p.groupId, seat: p.slot.seatsTaken, seatsTaken: p.slot.seatsTaken })),
    ...filled.map((f): GroupEvent => ({ type: "filled", activityId: batch.activity.id, groupId: f.id, nextGroupId: f.nextGroupId })),
  ];
  // Sent together; the server runs them in this order: the open group is full before the next opens,
  // the groups exist before their entries, the entries before the notices read them.
  await pipeline(tx, [
    closing ? sql`UPDATE groups SET seats_taken = ${closing.slot.seatsTaken}, status = 'full', filled_at = ${batch.now.toISOString()}::timestamptz WHERE id = ${closing.groupId}::uuid` : null,
    opened.length > 0 ? insertGroups(opened) : null,
    seatsWrite(batch, seated, promoterDays, stillOpen ? { groupId: stillOpen.groupId, seatsTaken: stillOpen.slot.seatsTaken } : undefined, events),
    filled.length > 0 ? groupFilledNotices(filled.map((f) => f.id), batch.activity.name, clock.now()) : null,
  ]);
  return placed;
}

/**
 * The batch's seats in one statement: the entries, the promoter days they earn, the open group's
 * seat count, and the seat/fill events (delivered on commit). The sub-statements touch different
 * tables and read nothing the others write.
 */
function seatsWrite(
  batch: JoinBatch,
  seated: SeatRow[],
  promoterDays: Map<string, number>,
  stillOpen: { groupId: string; seatsTaken: number } | undefined,
  events: GroupEvent[],
): SQL {
  const col = <K extends keyof SeatRow>(k: K) => pgArray(seated.map((e) => e[k] as string | number | null));
  const days = [...promoterDays.entries()].filter(([, d]) => d > 0);
  return sql`
    WITH ins AS (
      INSERT INTO entries (id, group_id, activity_id, user_id, item_id, seat, price_fen, first_of_day, first_ever, business_day, created_at)
      SELECT x.id, x.group_id, ${batch.activity.id}::uuid, x.user_id, x.item_id, x.seat, x.price_fen, x.first_of_day, x.first_ever, ${batch.day}::text, ${batch.now.toISOString()}::timestamptz
      FROM unnest(${col("id")}::uuid[], ${col("groupId")}::uuid[], ${col("userId")}::uuid[], ${col("itemId")}::uuid[],
                  ${col("seat")}::int[], ${col("priceFen")}::bigint[], ${pgArray(seated.map((e) => String(e.firstOfDay)))}::boolean[],
                  ${pgArray(seated.map((e) => String(e.firstEver)))}::boolean[]) AS x(id, group_id, user_id, item_id, seat, price_fen, first_of_day, first_ever)
      RETURNING 1),
    promoted AS (
      ${promoterDaysUpsert(days, batch.now)}
      RETURNING 1),
    seats AS (
      UPDATE groups SET seats_taken = ${stillOpen?.seatsTaken ?? 0} WHERE id = ${stillOpen?.groupId ?? null}::uuid
      RETURNING 1)
    ${groupEventsNotify(events)}`;
}

type SeatRow = { id: string; groupId: string; userId: string; itemId: string; seat: number; priceFen: number; firstOfDay: boolean; firstEver: boolean };


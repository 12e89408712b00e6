import { ActivityConfigSchema, type ActivityConfig } from "../shared/activity-config";
import { DomainError } from "../shared/errors";
import { isActivityOpen } from "../shared/activity-open";
import type { groups } from "@/db/schema";
import type { ActivityForGroup } from "./open-group";

/** The activity as a join batch needs it: whether it is open, what a new group snapshots, its name for notices. */
export type SeatActivity = ActivityForGroup & { name: string; status: string; opensAt: Date; closesAt: Date | null };

/** The columns of the open group a batch works with. */
export type OpenGroup = Pick<typeof groups.$inferSelect, "id" | "activityId" | "number" | "seatsTaken" | "groupSize" | "priceFen" | "config" | "expiresAt">;

/** What seat assignment reads: the activity, its items on offer, its open group, the seats these shoppers hold in it, their cash. */
export interface SeatState {
  activity: SeatActivity | null;
  items: Set<string>;
  open: OpenGroup | null;
  held: Map<string, number>;
  cash: Map<string, number>;
}

export interface SeatRequest {
  /** The request's index in its batch. */
  i: number;
  userId: string;
  itemId: string;
}

/** A seat a request takes in its slot, and what it pays. */
export interface SeatTaken<R extends SeatRequest = SeatRequest> {
  request: R;
  seat: number;
  priceFen: number;
  filled: boolean;
}

/** A group the batch seats people in: the open one (slot 0, unless it timed out), then the ones it opens. */
export interface SeatSlot<R extends SeatRequest = SeatRequest> {
  existing: OpenGroup | null;
  /** The seats taken in it by this batch, in order. */
  taken: SeatTaken<R>[];
  /** Seats taken before this batch. */
  seatsBefore: number;
  seatsTaken: number;
  groupSize: number;
  priceFen: number;
  filled: boolean;
}

export interface SeatPlan<R extends SeatRequest = SeatRequest> {
  /** The whole batch is refused (unknown or closed activity). */
  refusedAll: DomainError | null;
  /** The open group that timed out: dissolved before anything is seated. */
  expired: OpenGroup | null;
  slots: SeatSlot<R>[];
  /** Request index → where it sits and what it pays. */
  seats: Map<number, { slot: number; seat: number; priceFen: number; filled: boolean }>;
  refused: Map<number, DomainError>;
}

/**
 * Spec §2's seat rules over a snapshot, without touching the database: requests take the next seat in
 * the order given; the one taking seat N fills the group and the next request goes into a new group
 * with the activity's current settings (snapshotted when it opens). Each request is refused on its own:
 * an item not on offer, a shopper's seats-per-user reached in that group, too little cash.
 */
export function assignSeats<R extends SeatRequest>(state: SeatState, requests: readonly R[], now: Date): SeatPlan<R> {
  const plan: SeatPlan<R> = { refusedAll: null, expired: null, slots: [], seats: new Map(), refused: new Map() };
  const a = state.activity;
  if (!a) return { ...plan, refusedAll: new DomainError("NOT_FOUND") };
  if (!isActivityOpen(a, now)) return { ...plan, refusedAll: new DomainError("ACTIVITY_NOT_OPEN") };

  const fresh = (): SeatSlot<R> => ({ existing: null, taken: [], seatsBefore: 0, seatsTaken: 0, groupSize: a.groupSize, priceFen: a.priceFen, filled: false });
  const open = state.open;
  if (open && open.expiresAt <= now) plan.expired = open;
  const activityConfig = (): ActivityConfig => ActivityConfigSchema.parse(a.config);
  const continues = open && !plan.expired ? open : null;
  let slot: SeatSlot<R> = continues
    ? { existing: continues, taken: [], seatsBefore: continues.seatsTaken, seatsTaken: continues.seatsTaken, groupSize: continues.groupSize, priceFen: continues.priceFen, filled: false }
    : fresh();
  let config = continues ? ActivityConfigSchema.parse(continues.config) : activityConfig();
  plan.slots.push(slot);
  let held = continues ? new Map(state.held) : new Map<string, number>();
  const cash = new Map(state.cash);

  for (const r of requests) {
    const slotIndex = plan.slots.length - 1;
    const refuse = (e: DomainError) => plan.refused.set(r.i, e);
    if (!state.items.has(r.itemId)) refuse(new DomainError("ITEM_NOT_IN_ACTIVITY"));
    else if ((held.get(r.userId) ?? 0) >= config.seatsPerUser) refuse(new DomainError("SEATS_PER_USER_REACHED", { max: config.seatsPerUser }));
    else if ((cash.get(r.userId) ?? 0) < slot.priceFen) refuse(new DomainError("INSUFFICIENT_BALANCE"));
    else {
      const seat = ++slot.seatsTaken;
      const filled = seat === slot.groupSize;
      plan.seats.set(r.i, { slot: slotIndex, seat, priceFen: slot.priceFen, filled });
      slot.taken.push({ request: r, seat, priceFen: slot.priceFen, filled });
      cash.set(r.userId, (cash.get(r.userId) ?? 0) - slot.priceFen);
      held.set(r.userId, (held.get(r.userId) ?? 0) + 1);
      if (filled) {
        slot.filled = true;
        slot = fresh();
        config = activityConfig();
        plan.slots.push(slot);
        held = new Map();
      }
    }
  }
  return plan;
}

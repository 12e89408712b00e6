import { describe, expect, it } from "vitest";
import { assignSeats, type OpenGroup, type SeatActivity, type SeatState } from "@/server/domain/groups/assign-seats";
import { bareConfig } from "../helpers/group-fixtures";

/** The seat rules over a snapshot (no database): what a join batch plans before and after the seat lock. */
const now = new Date("2026-11-25T02:00:00Z");
const activity: SeatActivity = {
  id: "a",
  name: "团",
  status: "active",
  opensAt: new Date("2026-11-01"),
  closesAt: null,
  priceFen: 500,
  groupSize: 3,
  winners: 1,
  config: bareConfig({ seatsPerUser: 1 }),
};
const open = (over: Partial<OpenGroup> = {}): OpenGroup => ({
  id: "g1",
  activityId: "a",
  number: 1,
  seatsTaken: 1,
  groupSize: 3,
  priceFen: 400,
  config: bareConfig({ seatsPerUser: 1 }),
  expiresAt: new Date("2026-11-26"),
  ...over,
});
const state = (over: Partial<SeatState> = {}): SeatState => ({
  activity,
  items: new Set(["item"]),
  open: open(),
  held: new Map(),
  cash: new Map([
    ["u1", 10_000],
    ["u2", 10_000],
    ["u3", 10_000],
    ["poor", 450],
  ]),
  ...over,
});
const req = (i: number, userId: string, itemId = "item") => ({ i, userId, itemId });

describe("assignSeats", () => {
  it("fills the open group at its own price, then seats the rest in a new group at the activity's current price", () => {
    const plan = assignSeats(state(), [req(0, "u1"), req(1, "u2"), req(2, "u3"), req(3, "u1")], now);
    expect([...plan.seats]).toEqual([
      [0, { slot: 0, seat: 2, priceFen: 400, filled: false }],
      [1, { slot: 0, seat: 3, priceFen: 400, filled: true }],
      [2, { slot: 1, seat: 1, priceFen: 500, filled: false }],
      [3, { slot: 1, seat: 2, priceFen: 500, filled: false }], // u1 again: a new group, so allowed
    ]);
    expect(plan.slots.map((s) => [s.existing?.id ?? null, s.seatsBefore, s.seatsTaken, s.filled])).toEqual([
      ["g1", 1, 3, true],
      [null, 0, 2, false],
    ]);
  });

  it("refuses each bad request alone: a second seat in one group, an unknown item, too little cash for that group's price", () => {
    const plan = assignSeats(state({ held: new Map([["u2", 1]]) }), [req(0, "u2"), req(1, "u1", "other"), req(2, "poor"), req(3, "u1")], now);
    expect([...plan.refused].map(([i, e]) => [i, e.code])).toEqual([
      [0, "SEATS_PER_USER_REACHED"],
      [1, "ITEM_NOT_IN_ACTIVITY"],
    ]);
    // 450 covers the open group's 400 (seat 2); u1 takes seat 3.
    expect([...plan.seats.keys()]).toEqual([2, 3]);
    const later = assignSeats(state({ open: open({ seatsTaken: 2 }) }), [req(0, "u1"), req(1, "poor")], now);
    expect(later.refused.get(1)?.code).toBe("INSUFFICIENT_BALANCE"); // the new group costs 500
  });

  it("a timed-out open group is to be dissolved and the seats go into a fresh one; a paused activity refuses everyone", () => {
    const plan = assignSeats(state({ open: open({ expiresAt: now, seatsTaken: 2 }), held: new Map([["u1", 1]]) }), [req(0, "u1")], now);
    expect(plan.expired?.id).toBe("g1");
    expect(plan.seats.get(0)).toEqual({ slot: 0, seat: 1, priceFen: 500, filled: false });
    expect(assignSeats(state({ activity: { ...activity, status: "paused" } }), [req(0, "u1")], now).refusedAll?.code).toBe("ACTIVITY_NOT_OPEN");
    expect(assignSeats(state({ activity: null }), [req(0, "u1")], now).refusedAll?.code).toBe("NOT_FOUND");
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { createActivity } from "@/server/domain/activities/create-activity";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { joinLanesFor } from "@/server/runtime/join-lanes";
import { avatarKey } from "@/server/domain/users/avatar";

let t: TestDb;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const P = 50_00;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe("activities API: room, join, result, my entries, notifications", () => {
  it("shows the room before joining, fills it through the router, and shows each shopper their own result", async () => {
    const owner = await createUser(t.db, { role: "owner" });
    const { id: activityId } = await t.db.transaction((tx) =>
      createActivity(tx, clock, { id: owner.id, role: "owner", ip: "t" }, {
        name: "五人团",
        priceFen: P,
        groupSize: 5,
        winners: 2,
        opensAt: new Date("2026-11-01"),
        items: [{ kind: "voucher", name: "¥50 券", priceFen: P }],
        config: { ...DEFAULT_ACTIVITY_CONFIG, rules: { ...DEFAULT_ACTIVITY_CONFIG.rules, firstOfDay: { on: true } } },
      }),
    );
    const anon = callerFor(t.db, clock, null);
    const room = await anon.activities.room({ activityId });
    expect(room.rules.rules.firstOfDay.on).toBe(true);
    expect(room.openGroup?.seatsTaken).toBe(0);
    expect(room.openGroup?.commitment).toMatch(/^[0-9a-f]{64}$/);
    const itemId = room.items[0]!.id;

    const shoppers: { id: string; caller: ReturnType<typeof callerFor> }[] = [];
    for (let i = 0; i < 5; i++) {
      const u = await createUser(t.db, { displayName: `张${i}` });
      await fund(t.db, clock, u.id, "cash", 100_00);
      shoppers.push({ id: u.id, caller: callerFor(t.db, clock, { id: u.id, role: "shopper" }) });
    }
    // The client names no price: a tampered extra field is stripped by zod, the price comes from the group.
    const first = await shoppers[0]!.caller.activities.join({ activityId, itemId, entryId: randomUUID(), priceFen: 1 } as never);
    expect(first.seat).toBe(1);
    const mid = await shoppers[0]!.caller.activities.room({ activityId });
    expect(mid.openGroup?.seats).toEqual([{ seat: 1, name: "张*", avatar: avatarKey(shoppers[0]!.id, 0), mine: true }]);
    const again = await catchTrpc(() => shoppers[0]!.caller.activities.join({ activityId, itemId, entryId: randomUUID() }));
    expect(again.domainCode).toBe("SEATS_PER_USER_REACHED");
    // The other four join at once: the queue commits them in batches, seats 2–5 each taken once.
    const rest = await Promise.all(shoppers.slice(1).map((s) => s.caller.activities.join({ activityId, itemId, entryId: randomUUID() })));
    expect(rest.map((r) => r.seat).sort()).toEqual([2, 3, 4, 5]);
    expect(rest.filter((r) => r.filled)).toHaveLength(1);
    // The draw runs right after the filling commit, off the joining request.
    await joinLanesFor(t.db, clock).draws.idle();

    const result = await anon.activities.group({ groupId: first.groupId });
    expect(result.group.status).toBe("drawn");
    expect(result.group.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(result.seats.filter((s) => s.outcome === "won")).toHaveLength(2);
    expect(result.seats[0]).toMatchObject({ seat: 1, eligible: false, reason: "firstOfDay", outcome: "lost" });
    expect(result.myRewards).toEqual([]);

    const mine = await shoppers[0]!.caller.activities.group({ groupId: first.groupId });
    expect(mine.myRewards.find((r) => r.reason === "draw.L-0")).toMatchObject({ asset: "cash", amount: P });
    const entries = await shoppers[0]!.caller.activities.myEntries({});
    expect(entries.items[0]).toMatchObject({ outcome: "lost", seat: 1, groupStatus: "drawn" });
    // Paid P, refunded P (L-0), bonus 5% (L-A); no credit held, so no L-B release.
    expect(entries.items[0]?.rewards.cash).toBe(250);
    const status = await shoppers[0]!.caller.activities.myDrawStatus();
    expect(status.promoterValid).toBe(true);
    const notes = await shoppers[0]!.caller.activities.notifications({});
    expect(notes.items.map((n) => n.kind).sort()).toEqual(["group.drawn", "group.filled"]);
    expect(notes.unread).toBe(2);
    await shoppers[0]!.caller.activities.markNotificationsRead();
    expect((await shoppers[0]!.caller.activities.notifications({})).unread).toBe(0);
    expect((await shoppers[1]!.caller.activities.notifications({})).unread).toBe(2);
  });

  it("a product prize won through the API is in the winner's order list right after the draw", async () => {
    const owner = await createUser(t.db, { role: "owner" });
    const { id: activityId } = await t.db.transaction((tx) =>
      createActivity(tx, clock, { id: owner.id, role: "owner", ip: "t" }, {
        name: "三人团",
        priceFen: P,
        groupSize: 3,
        winners: 1,
        opensAt: new Date("2026-11-01"),
        items: [{ kind: "product", name: "保温杯", priceFen: P }],
        config: DEFAULT_ACTIVITY_CONFIG,
      }),
    );
    const itemId = (await callerFor(t.db, clock, null).activities.room({ activityId })).items[0]!.id;
    const shoppers = [];
    for (let i = 0; i < 3; i++) {
      const u = await createUser(t.db);
      await fund(t.db, clock, u.id, "cash", 100_00);
      shoppers.push(callerFor(t.db, clock, { id: u.id, role: "shopper" }));
    }
    const joins = await Promise.all(shoppers.map((c) => c.activities.join({ activityId, itemId, entryId: randomUUID() })));
    await joinLanesFor(t.db, clock).draws.idle();
    const result = await callerFor(t.db, clock, null).activities.group({ groupId: joins[0]!.groupId });
    const winnerSeat = result.seats.find((s) => s.outcome === "won")!.seat;
    const winner = shoppers[joins.findIndex((j) => j.seat === winnerSeat)]!;
    const orders = await winner.store.orders({});
    expect(orders.items.map((o) => [o.kind, o.status])).toEqual([["prize", "paid"]]);
    for (const c of shoppers.filter((c) => c !== winner)) expect((await c.store.orders({})).items).toEqual([]);
  });
});

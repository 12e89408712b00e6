/**
 * Where an activity stands as a whole (its home card, a group's result seen by someone not seated in
 * it), its picture is the first of its items that has one: a voucher listed first (no photo) does not
 * hide the product after it. A seated viewer sees the item they chose; an activity of vouchers only
 * has no picture (the page draws its placeholder).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { createActivity } from "@/server/domain/activities/create-activity";
import { drawPendingGroups } from "@/server/domain/groups/draw-group";
import { FixedClock } from "@/server/domain/shared/clock";
import { callerFor } from "../helpers/api-caller";
import { createUser, fund } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createProduct } from "../store/fixtures";

let t: TestDb;
const clock = new FixedClock("2026-11-25T02:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

async function activityOf(items: { kind: "product" | "voucher"; name: string; productId?: string; imageUrl?: string }[]): Promise<string> {
  const owner = await createUser(t.db, { role: "owner" });
  const { id } = await t.db.transaction((tx) =>
    createActivity(tx, clock, { id: owner.id, role: "owner", ip: "t" }, {
      name: `团 ${randomUUID().slice(0, 6)}`,
      priceFen: 10_00,
      groupSize: 2,
      winners: 1,
      opensAt: new Date("2026-11-01"),
      items: items.map((i) => ({ ...i, priceFen: 10_00 })),
      config: DEFAULT_ACTIVITY_CONFIG,
    }),
  );
  return id;
}

describe("an activity's picture", () => {
  it("a voucher first: the card and a stranger's view of a drawn group show the product's photo; each seat's owner sees the item they chose", async () => {
    const nuts = await createProduct(t.db, clock, { images: ["/store/nuts.svg"] });
    const activityId = await activityOf([
      { kind: "voucher", name: "¥10 券" },
      { kind: "product", name: "坚果", productId: nuts.id },
    ]);
    const anon = callerFor(t.db, clock, null);
    const room = await anon.activities.room({ activityId });
    expect(room.items.map((i) => i.imageUrl)).toEqual([null, "/store/nuts.svg"]);
    expect((await anon.activities.list()).items.find((a) => a.id === activityId)?.imageUrl).toBe("/store/nuts.svg");

    // Two shoppers fill the group, one with the voucher, one with the nuts; it is drawn.
    const [a, b] = [await createUser(t.db), await createUser(t.db)];
    for (const [u, item] of [[a, room.items[0]!], [b, room.items[1]!]] as const) {
      await fund(t.db, clock, u.id, "cash", 10_00);
      await callerFor(t.db, clock, { id: u.id, role: "shopper" }).activities.join({ activityId, itemId: item.id, entryId: randomUUID() });
    }
    await drawPendingGroups(t.db, clock, activityId);
    const groupId = room.openGroup!.id;

    const stranger = await createUser(t.db);
    for (const viewer of [anon, callerFor(t.db, clock, { id: stranger.id, role: "shopper" })]) {
      const seen = await viewer.activities.group({ groupId });
      expect(seen.group.status).toBe("drawn");
      expect(seen.group.imageUrl).toBe("/store/nuts.svg");
      expect(seen.seats.every((s) => s.item === null)).toBe(true);
    }
    const asA = await callerFor(t.db, clock, { id: a.id, role: "shopper" }).activities.group({ groupId });
    expect(asA.seats.find((s) => s.mine)?.item).toEqual({ name: "¥10 券", kind: "voucher", imageUrl: null });
    const asB = await callerFor(t.db, clock, { id: b.id, role: "shopper" }).activities.group({ groupId });
    expect(asB.seats.find((s) => s.mine)?.item).toEqual({ name: "坚果", kind: "product", imageUrl: "/store/nuts.svg" });
  });

  it("an item's own image comes before its product's photo; vouchers only: no picture", async () => {
    const band = await createProduct(t.db, clock, { images: ["/store/band.svg"] });
    const own = await activityOf([
      { kind: "voucher", name: "券" },
      { kind: "product", name: "手环", productId: band.id, imageUrl: "/store/earbuds.svg" },
    ]);
    const vouchers = await activityOf([
      { kind: "voucher", name: "¥10 券" },
      { kind: "voucher", name: "¥10 券 B" },
    ]);
    const cards = (await callerFor(t.db, clock, null).activities.list()).items;
    expect(cards.find((a) => a.id === own)?.imageUrl).toBe("/store/earbuds.svg");
    expect(cards.find((a) => a.id === vouchers)?.imageUrl).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { activities, activityItems, auditLog, entries } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG, type ActivityConfig } from "@/server/domain/shared/activity-config";
import { updateActivity } from "@/server/domain/activities/update-activity";
import { readAdminActivity } from "@/server/domain/activities/read-admin-activity";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { configWith, groupFixtures, readGroup, readGroups, readOpenGroup, setActivityStatus, TEST_ACTOR, type GroupFixtures, type TestActivity } from "../helpers/group-fixtures";

let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T04:00:00Z");
const actor = { ...TEST_ACTOR, ip: "198.51.100.7" };

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

/** The editor's view of an activity, with `patch` applied: what the console sends to update. */
async function edited(activity: TestActivity, patch: Record<string, unknown> = {}) {
  const a = await readAdminActivity(t.db, activity.id);
  return {
    name: a.name,
    priceFen: a.priceFen,
    groupSize: a.groupSize,
    winners: a.winners,
    opensAt: a.opensAt,
    closesAt: a.closesAt,
    items: a.items.map((i) => ({ id: i.id, kind: i.kind, name: i.name, priceFen: (patch.priceFen as number | undefined) ?? a.priceFen })),
    config: a.config,
    ...patch,
  };
}

const update = (activityId: string, activity: unknown) => t.db.transaction((tx) => updateActivity(tx, clock, actor, { activityId, activity }));

async function errorCode(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("updateActivity", () => {
  it("the open group keeps the settings it opened with; the next group gets the new ones", async () => {
    const activity = await f.makeActivity({ priceFen: 1_000, groupSize: 3, winners: 1 });
    const shoppers = await f.makeShoppers(3, { cash: 100_00 });
    await f.join(activity, shoppers[0]!);

    const config: ActivityConfig = configWith({ rewards: { LA: { ratioBp: 2_000 } }, rules: { firstOfDay: { on: true } } });
    await update(activity.id, await edited(activity, { name: "新名字", priceFen: 2_000, groupSize: 4, winners: 2, config }));

    const open = await readGroup(t.db, activity.groupId);
    expect(open).toMatchObject({ status: "open", priceFen: 1_000, groupSize: 3, winners: 1, config: activity.config });
    // The group in progress fills at its own size and price.
    await f.join(activity, shoppers[1]!);
    const last = await f.join(activity, shoppers[2]!);
    expect(last).toMatchObject({ groupId: activity.groupId, seat: 3, filled: true });
    const paid = await t.db.select({ priceFen: entries.priceFen }).from(entries).where(eq(entries.groupId, activity.groupId));
    expect(paid.map((p) => p.priceFen)).toEqual([1_000, 1_000, 1_000]);
    await f.drawAll(activity.id);
    expect((await readGroup(t.db, activity.groupId)).status).toBe("drawn");

    const next = await readOpenGroup(t.db, activity.id);
    expect(next).toMatchObject({ number: 2, priceFen: 2_000, groupSize: 4, winners: 2, config });
    const [row] = await t.db.select().from(activities).where(eq(activities.id, activity.id));
    expect(row).toMatchObject({ name: "新名字", priceFen: 2_000, groupSize: 4, winners: 2, config, updatedAt: clock.now() });
  });

  it("writes one audit row with who, the IP, and every setting before and after", async () => {
    const activity = await f.makeActivity({ name: "审计前" });
    await update(activity.id, await edited(activity, { name: "审计后" }));
    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "activity.update"), eq(auditLog.targetId, activity.id)));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ actorId: actor.id, actorRole: "owner", ip: "198.51.100.7", targetType: "activity" });
    expect(row!.before).toMatchObject({ name: "审计前", priceFen: activity.priceFen, groupSize: 10, winners: 3, config: activity.config });
    expect(row!.after).toMatchObject({ name: "审计后", priceFen: activity.priceFen });
    expect(row!.createdAt).toEqual(clock.now());
  });

  it("keeps unchanged items by id, retires changed or removed ones, and adds new ones", async () => {
    const activity = await f.makeActivity({ items: ["product", "voucher", "product"] });
    const before = await readAdminActivity(t.db, activity.id);
    const [a, b, c] = before.items;
    const P = activity.priceFen;
    await update(
      activity.id,
      await edited(activity, {
        items: [
          { id: c!.id, kind: c!.kind, name: c!.name, priceFen: P }, // kept, moved first
          { id: a!.id, kind: "voucher", name: a!.name, priceFen: P }, // kind changed: a new item
          { kind: "product", name: "新商品", priceFen: P }, // new
        ], // b removed
      }),
    );
    const after = await readAdminActivity(t.db, activity.id);
    expect(after.items.map((i) => [i.kind, i.name])).toEqual([
      ["product", c!.name],
      ["voucher", a!.name],
      ["product", "新商品"],
    ]);
    expect(after.items[0]!.id).toBe(c!.id);
    expect(after.items[1]!.id).not.toBe(a!.id);
    const retired = await t.db.select({ id: activityItems.id }).from(activityItems).where(and(eq(activityItems.activityId, activity.id), eq(activityItems.active, false)));
    expect(retired.map((r) => r.id).sort()).toEqual([a!.id, b!.id].sort());
  });

  it("an entry keeps the prize of the item it chose, even after the item is changed", async () => {
    const activity = await f.makeActivity({ groupSize: 2, winners: 1, items: ["voucher"], config: { rewards: { WA: { on: true } } } });
    const [u1, u2] = await f.makeShoppers(2, { cash: 100_00 });
    await f.join(activity, u1!);
    await update(activity.id, await edited(activity, { items: [{ kind: "product", name: "换成实物", priceFen: activity.priceFen }] }));
    // The retired item takes no new joins; the new one does.
    const [newItem] = (await readAdminActivity(t.db, activity.id)).items;
    await expect(f.join(activity, u2!)).rejects.toMatchObject({ code: "ITEM_NOT_IN_ACTIVITY" });
    await f.join(activity, u2!, { itemId: newItem!.id });
    await f.drawAll(activity.id);
    const rows = await t.db.execute<{ user_id: string; kind: string; outcome: string; prize: string | null }>(
      sql`SELECT e.user_id, i.kind, e.outcome, p.kind AS prize FROM entries e JOIN activity_items i ON i.id = e.item_id LEFT JOIN prizes p ON p.entry_id = e.id WHERE e.group_id = ${activity.groupId} ORDER BY e.seat`,
    );
    expect(rows.map((r) => [r.user_id, r.kind])).toEqual([
      [u1, "voucher"],
      [u2, "product"],
    ]);
    // Whoever won gets the prize of the item they chose when they joined.
    const winner = rows.find((r) => r.outcome === "won");
    expect(winner?.prize).toBe(winner?.kind);
  });

  describe("refuses bad settings with INVALID_ACTIVITY and changes nothing", () => {
    const cases: [string, Record<string, unknown>][] = [
      ["K = N", { winners: 10 }],
      ["K = 0", { winners: 0 }],
      ["empty name", { name: "  " }],
      ["price over the ¥50,000 prize cap", { priceFen: 50_000_01 }],
      ["price 0", { priceFen: 0 }],
      ["no items", { items: [] }],
      ["11 items", { items: Array.from({ length: 11 }, (_, i) => ({ kind: "product", name: `i${i}`, priceFen: 1_999 })) }],
      ["an item at another price", { items: [{ kind: "product", name: "x", priceFen: 1 }] }],
      ["ratio over 100%", { config: { ...DEFAULT_ACTIVITY_CONFIG, rewards: { ...DEFAULT_ACTIVITY_CONFIG.rewards, LA: { on: true, ratioBp: 10_001 } } } }],
      ["seats per user above N", { config: { ...DEFAULT_ACTIVITY_CONFIG, seatsPerUser: 11 } }],
      ["closes before it opens", { opensAt: new Date("2026-12-01T00:00:00Z"), closesAt: new Date("2026-11-30T00:00:00Z") }],
      ["an unknown item id", { items: [{ id: "00000000-0000-4000-8000-00000000abcd", kind: "product", name: "x", priceFen: 1_999 }] }],
    ];
    it.each(cases)("%s", async (_, patch) => {
      const activity = await f.makeActivity({ priceFen: 1_999 });
      const before = await readAdminActivity(t.db, activity.id);
      const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "activity.update"), eq(auditLog.targetId, activity.id)));
      expect(await errorCode(async () => update(activity.id, await edited(activity, patch)))).toBe("INVALID_ACTIVITY");
      expect(await readAdminActivity(t.db, activity.id)).toEqual(before);
      expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, "activity.update"), eq(auditLog.targetId, activity.id)))).toEqual(audits);
    });
  });

  it("an ended activity cannot be edited; an unknown one is not found", async () => {
    const activity = await f.makeActivity();
    const body = await edited(activity, { name: "改不了" });
    await setActivityStatus(t.db, activity.id, "ended");
    expect(await errorCode(() => update(activity.id, body))).toBe("ACTIVITY_ENDED");
    expect(await errorCode(() => update("00000000-0000-4000-8000-0000000000ff", body))).toBe("NOT_FOUND");
    expect((await readGroups(t.db, activity.id)).length).toBe(1);
  });
});

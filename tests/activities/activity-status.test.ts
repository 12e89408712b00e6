import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activities, auditLog } from "@/db/schema";
import { setActivityStatus, type StatusAction } from "@/server/domain/activities/set-activity-status";
import { dissolveExpiredGroups } from "@/server/domain/groups/dissolve-expired-groups";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { balanceOf, groupFixtures, readGroup, readOpenGroup, TEST_ACTOR, type GroupFixtures } from "../helpers/group-fixtures";

let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T04:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

const act = (activityId: string, action: StatusAction, c = clock) => t.db.transaction((tx) => setActivityStatus(tx, c, TEST_ACTOR, { activityId, action }));
const statusOf = async (id: string) => (await t.db.select({ s: activities.status }).from(activities).where(eq(activities.id, id)))[0]?.s;
const audits = (id: string) => t.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.targetType, "activity")));

describe("setActivityStatus", () => {
  it("pause stops joins; resume lets them in again; each change is audited with before and after", async () => {
    const activity = await f.makeActivity();
    const [u1, u2] = await f.makeShoppers(2, { cash: 100_00 });
    await f.join(activity, u1!);

    expect(await act(activity.id, "pause")).toEqual({ id: activity.id, status: "paused", changed: true });
    await expect(f.join(activity, u2!)).rejects.toMatchObject({ code: "ACTIVITY_NOT_OPEN" });
    // The seat already taken stays in the open group.
    expect((await readGroup(t.db, activity.groupId)).seatsTaken).toBe(1);

    expect(await act(activity.id, "resume")).toMatchObject({ status: "active", changed: true });
    expect(await f.join(activity, u2!)).toMatchObject({ groupId: activity.groupId, seat: 2 });

    const rows = (await audits(activity.id)).filter((r) => r.action !== "activity.create");
    expect(rows.map((r) => [r.action, r.before, r.after, r.actorId])).toEqual([
      ["activity.pause", { status: "active" }, { status: "paused" }, TEST_ACTOR.id],
      ["activity.resume", { status: "paused" }, { status: "active" }, TEST_ACTOR.id],
    ]);
  });

  it("asking for the status it already has changes nothing and writes no audit row", async () => {
    const activity = await f.makeActivity();
    expect(await act(activity.id, "resume")).toEqual({ id: activity.id, status: "active", changed: false });
    await act(activity.id, "pause");
    expect(await act(activity.id, "pause")).toMatchObject({ status: "paused", changed: false });
    expect((await audits(activity.id)).map((r) => r.action)).toEqual(["activity.create", "activity.pause"]);
  });

  it("end is final: no resume, no pause, no joins", async () => {
    const activity = await f.makeActivity();
    const [u1] = await f.makeShoppers(1, { cash: 100_00 });
    await act(activity.id, "end");
    expect(await statusOf(activity.id)).toBe("ended");
    for (const action of ["resume", "pause"] as const) await expect(act(activity.id, action)).rejects.toMatchObject({ code: "ACTIVITY_ENDED" });
    expect(await act(activity.id, "end")).toMatchObject({ status: "ended", changed: false });
    await expect(f.join(activity, u1!)).rejects.toMatchObject({ code: "ACTIVITY_NOT_OPEN" });
    expect(await statusOf(activity.id)).toBe("ended");
  });

  it("a paused activity's open group times out and refunds like any other; resuming opens a fresh group", async () => {
    const activity = await f.makeActivity({ config: { timeoutSeconds: 3600 } });
    const [u1] = await f.makeShoppers(1, { cash: 100_00 });
    await f.join(activity, u1!);
    await act(activity.id, "pause");

    const later = new FixedClock(new Date(clock.now().getTime() + 2 * 3600_000));
    expect(await dissolveExpiredGroups(t.db, later)).toBeGreaterThanOrEqual(1);
    expect((await readGroup(t.db, activity.groupId)).status).toBe("dissolved");
    expect(await balanceOf(t.db, u1!, "cash")).toBe(100_00);
    expect(await readOpenGroup(t.db, activity.id)).toBeUndefined();

    await act(activity.id, "resume", later);
    const fresh = await readOpenGroup(t.db, activity.id);
    expect(fresh).toMatchObject({ number: 2, seatsTaken: 0, openedAt: later.now() });
  });

  it("an unknown activity is not found", async () => {
    await expect(act("00000000-0000-4000-8000-0000000000aa", "pause")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

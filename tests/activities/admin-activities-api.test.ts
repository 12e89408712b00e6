import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { UserRole } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { economicsPreview } from "@/server/domain/activities/economics-preview";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc, type Caller } from "../helpers/api-caller";
import { groupFixtures, type GroupFixtures, type TestActivity } from "../helpers/group-fixtures";

let t: TestDb;
let f: GroupFixtures;
let operator: Caller;
let support: Caller;
const clock = new FixedClock("2026-11-25T04:00:00Z");

async function staff(role: UserRole): Promise<Caller> {
  const u = await createUser(t.db, { role });
  return callerFor(t.db, clock, { id: u.id, role });
}

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
  operator = await staff("operator");
  support = await staff("support");
});
afterAll(() => t.drop());

const P = 99_00;
const newActivity = (name: string, items: ("product" | "voucher")[] = ["product"]) => ({
  name,
  priceFen: P,
  groupSize: 10,
  winners: 3,
  opensAt: new Date(clock.now().getTime() - 3600_000),
  closesAt: null,
  items: items.map((kind, i) => ({ kind, name: `${name} ${i + 1}`, priceFen: P })),
  config: DEFAULT_ACTIVITY_CONFIG,
});

/** The activity as the group fixtures know it, for joining through them. */
async function asTestActivity(id: string): Promise<TestActivity> {
  const a = await operator.admin.activities.get({ activityId: id });
  const itemIds = a.items.map((i) => i.id);
  return { id, groupId: a.openGroup!.id, priceFen: a.priceFen, groupSize: a.groupSize, winners: a.winners, config: a.config, itemIds, itemId: itemIds[0]! };
}

describe("admin.activities through the router", () => {
  it("an operator creates, reads, lists, edits and pauses an activity; support may only read", async () => {
    const { id } = await operator.admin.activities.create({ activity: newActivity("路由活动") });
    const got = await support.admin.activities.get({ activityId: id });
    expect(got).toMatchObject({ name: "路由活动", status: "active", priceFen: P, openGroup: { number: 1, seatsTaken: 0 } });

    const listed = await support.admin.activities.list({});
    expect(listed.items.find((a) => a.id === id)).toMatchObject({ openGroupNumber: 1, openGroupSeatsTaken: 0, openGroupOutdated: false, drawnGroups: 0, dissolvedGroups: 0, items: 1 });

    const body = { ...newActivity("改名了"), items: got.items.map((i) => ({ id: i.id, kind: i.kind, name: i.name, priceFen: P })) };
    await operator.admin.activities.update({ activityId: id, activity: { ...body, config: { ...DEFAULT_ACTIVITY_CONFIG, conflictPolicy: "dissolve" } } });
    const after = (await support.admin.activities.list({})).items.find((a) => a.id === id);
    // The open group still runs on the settings it opened with.
    expect(after).toMatchObject({ name: "改名了", openGroupOutdated: true });

    expect(await catchTrpc(() => support.admin.activities.update({ activityId: id, activity: body }))).toMatchObject({ trpcCode: "FORBIDDEN" });
    expect(await catchTrpc(() => support.admin.activities.setStatus({ activityId: id, action: "pause" }))).toMatchObject({ trpcCode: "FORBIDDEN" });
    await operator.admin.activities.setStatus({ activityId: id, action: "pause" });
    expect((await support.admin.activities.list({ status: "paused" })).items.map((a) => a.id)).toContain(id);
    expect((await support.admin.activities.list({ status: "active" })).items.map((a) => a.id)).not.toContain(id);
  });

  it("bad settings come back as a translated INVALID_ACTIVITY naming the field", async () => {
    const err = await catchTrpc(() => operator.admin.activities.create({ activity: { ...newActivity("坏"), winners: 10 } }));
    expect(err).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "INVALID_ACTIVITY" });
    expect(err.message).toContain("活动设置有误");
    expect(err.message).toContain("winners");
  });

  it("the economics preview of one group matches, to the fen, what a real draw posts to the ledger", async () => {
    const { id } = await operator.admin.activities.create({ activity: newActivity("对账活动", ["product", "voucher"]) });
    const activity = await asTestActivity(id);
    const credit = 2_00; // every shopper holds ¥2.00 of credit, below the 5% release (¥4.95): releases are capped
    const shoppers = await f.makeShoppers(10, { cash: 200_00, credit });
    // Winners take items in turn in the preview; here everyone picks the voucher, so compare the voucher-only preview.
    await f.fillAndDraw(activity, shoppers, () => activity.itemIds[1]!);
    const groupId = activity.groupId;
    const rows = await t.db.execute<{ reason: string; total: string }>(sql`
      SELECT l.reason, sum(l.amount) AS total FROM ledger_entries l JOIN entries e ON l.ref_type = 'entry' AND l.ref_id = e.id::text
      WHERE e.group_id = ${groupId} AND l.reason LIKE 'draw.%' GROUP BY l.reason`);
    const posted = Object.fromEntries(rows.map((r) => [r.reason, Number(r.total)]));
    const e = economicsPreview(
      { priceFen: P, groupSize: 10, winners: 3, config: DEFAULT_ACTIVITY_CONFIG, itemKinds: ["voucher"] },
      { productCostBp: 6_000, creditHeldFen: credit, mallPointValueFen: 100, divPointValueFen: 0 },
    );
    expect(posted["draw.settle"]).toBe(e.revenueFen);
    expect(posted["draw.L-0"]).toBe(e.refundsFen);
    expect(posted["draw.L-A"]).toBe(e.cash.cashBonusFen);
    expect(posted["draw.W-D.cash"]).toBe(e.cash.winnerReleaseFen.fen);
    expect(posted["draw.L-B.cash"]).toBe(e.cash.loserReleaseFen.fen);
    expect(posted["draw.W-C"]).toBe(e.liabilities.creditIssuedFen);
    expect(posted["draw.W-B"]).toBe(e.liabilities.divPoints);
    expect((posted["draw.W-F"] ?? 0) + (posted["draw.L-C"] ?? 0)).toBe(e.liabilities.mallPoints);
    expect(posted["draw.W-A"]).toBe(e.liabilities.voucherFen);
    const [pool] = await t.db.execute<{ total: string }>(sql`SELECT sum(dividend_pool_fen) AS total FROM entries WHERE group_id = ${groupId}`);
    expect(Number(pool?.total)).toBe(e.cash.dividendPoolFen);
  });
});

describe("admin.activities.groups", () => {
  it("lists one activity's groups, newest first, with state, seats, winners and the proof link; pages by cursor", async () => {
    const activity = await f.makeActivity({ groupSize: 2, winners: 1, config: { rewards: { WA: { on: false } } } });
    const shoppers = await f.makeShoppers(6, { cash: 100_00 });
    // Three groups drawn, each opened a second after the one before, and a fourth open.
    for (let g = 0; g < 3; g++) {
      clock.advance(1000);
      await f.fillAndDraw(activity, shoppers.slice(g * 2, g * 2 + 2));
    }
    const all = await support.admin.activities.groups({ activityId: activity.id, limit: 10 });
    expect(all.items.map((g) => [g.number, g.status, g.seatsTaken])).toEqual([
      [4, "open", 0],
      [3, "drawn", 2],
      [2, "drawn", 2],
      [1, "drawn", 2],
    ]);
    const drawn = all.items[1]!;
    expect(drawn.winnerEntries).toHaveLength(1);
    expect(shoppers).toContain(drawn.winnerEntries[0]!.userId);
    expect(drawn.proofUrl).toBe(`/api/groups/${drawn.id}/proof`);
    expect(drawn.closedAt).not.toBeNull();

    const page1 = await support.admin.activities.groups({ activityId: activity.id, limit: 3 });
    const page2 = await support.admin.activities.groups({ activityId: activity.id, limit: 3, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((g) => g.number)).toEqual([4, 3, 2, 1]);
    expect(page2.nextCursor).toBeNull();

    const onlyDrawn = await support.admin.activities.groups({ activityId: activity.id, status: "drawn" });
    expect(onlyDrawn.items.map((g) => g.number)).toEqual([3, 2, 1]);
    const listed = (await support.admin.activities.list({ limit: 100 })).items.find((a) => a.id === activity.id);
    expect(listed).toMatchObject({ drawnGroups: 3, dissolvedGroups: 0, openGroupNumber: 4 });
  });

  it("a malformed cursor is a bad request, not a crash", async () => {
    expect(await catchTrpc(() => support.admin.activities.groups({ cursor: "nope" }))).toMatchObject({ trpcCode: "BAD_REQUEST" });
  });
});

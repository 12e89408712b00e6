import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, activityItems, groups } from "@/db/schema";
import { createActivity } from "@/server/domain/activities/create-activity";
import { PRIZE_CAP_FEN } from "@/server/domain/shared/activity-config";
import { checkLedgerInvariants, type Balances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError, type ErrorCode } from "@/server/domain/shared/errors";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { balancesOf, bareConfig, configWith, countEntries, groupFixtures, ledgerKeyCount, readEntries, readOpenGroup, setActivityStatus, TEST_ACTOR, type GroupFixtures, type TestActivity } from "../helpers/group-fixtures";

/**
 * Spec §2 and §9 ("bad input always gets a clear error and changes nothing"): every refused join
 * throws one DomainError code and leaves balances, entries and the open group's seats as they were.
 */
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const P = 2500;
const CASH = 100_000;

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

async function codeOf(p: Promise<unknown>): Promise<ErrorCode> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw new Error(`expected a DomainError, got ${String(e)}`, { cause: e });
  }
  throw new Error("expected the join to be refused, but it succeeded");
}

interface Snapshot {
  balances: Map<string, Balances>;
  entries: number;
  seats: number | undefined;
  groups: number;
}

async function snapshot(activityId: string, users: string[]): Promise<Snapshot> {
  const [g] = await t.db.select({ n: count() }).from(groups);
  return { balances: await balancesOf(t.db, users), entries: await countEntries(t.db), seats: (await readOpenGroup(t.db, activityId))?.seatsTaken, groups: g!.n };
}

/** Runs a join that must be refused with `code`, and checks nothing changed. */
async function expectRefused(activity: Pick<TestActivity, "id" | "itemId">, userId: string, code: ErrorCode, opts: { itemId?: string; activityId?: string } = {}) {
  const before = await snapshot(activity.id, [userId]);
  const entryId = randomUUID();
  expect(await codeOf(f.join({ id: opts.activityId ?? activity.id, itemId: activity.itemId }, userId, { itemId: opts.itemId, entryId }))).toBe(code);
  expect(await snapshot(activity.id, [userId])).toEqual(before);
  expect(await ledgerKeyCount(t.db, `join:${entryId}:pay`)).toBe(0);
}

describe("refused joins", () => {
  let activity: TestActivity;
  let seated: string;

  beforeAll(async () => {
    activity = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, fullConfig: bareConfig() });
    // One seat already taken, so "nothing changed" includes the open group's seat count.
    seated = await f.makeShopper({ cash: CASH });
    await f.join(activity, seated);
  });

  it("a paused activity: ACTIVITY_NOT_OPEN", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2 });
    await setActivityStatus(t.db, a.id, "paused");
    await expectRefused(a, await f.makeShopper({ cash: CASH }), "ACTIVITY_NOT_OPEN");
  });

  it("an ended activity (status ended): ACTIVITY_NOT_OPEN", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2 });
    await setActivityStatus(t.db, a.id, "ended");
    await expectRefused(a, await f.makeShopper({ cash: CASH }), "ACTIVITY_NOT_OPEN");
  });

  it("an activity whose closesAt has passed (or is exactly now): ACTIVITY_NOT_OPEN", async () => {
    const past = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, opensAt: new Date("2026-11-01T00:00:00Z"), closesAt: new Date("2026-11-25T01:59:59Z") });
    await expectRefused(past, await f.makeShopper({ cash: CASH }), "ACTIVITY_NOT_OPEN");
    const now = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, opensAt: new Date("2026-11-01T00:00:00Z"), closesAt: clock.now() });
    await expectRefused(now, await f.makeShopper({ cash: CASH }), "ACTIVITY_NOT_OPEN");
  });

  it("an activity not open yet: ACTIVITY_NOT_OPEN; it opens on the dot", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, opensAt: new Date(clock.now().getTime() + 1000) });
    const u = await f.makeShopper({ cash: CASH });
    await expectRefused(a, u, "ACTIVITY_NOT_OPEN");
    const onTime = new FixedClock(new Date(clock.now().getTime() + 1000));
    expect((await f.join(a, u, { clock: onTime })).seat).toBe(1);
  });

  it("an unknown activity: NOT_FOUND", async () => {
    await expectRefused(activity, await f.makeShopper({ cash: CASH }), "NOT_FOUND", { activityId: randomUUID() });
  });

  it("an unknown user: NOT_FOUND", async () => {
    const before = await snapshot(activity.id, []);
    expect(await codeOf(f.join(activity, randomUUID()))).toBe("NOT_FOUND");
    expect(await snapshot(activity.id, [])).toEqual(before);
  });

  it("an item of another activity: ITEM_NOT_IN_ACTIVITY", async () => {
    const other = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2 });
    await expectRefused(activity, await f.makeShopper({ cash: CASH }), "ITEM_NOT_IN_ACTIVITY", { itemId: other.itemId });
  });

  it("an unknown or withdrawn item: ITEM_NOT_IN_ACTIVITY", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, items: ["product", "voucher"] });
    const u = await f.makeShopper({ cash: CASH });
    await expectRefused(a, u, "ITEM_NOT_IN_ACTIVITY", { itemId: randomUUID() });
    await t.db.update(activityItems).set({ active: false }).where(eq(activityItems.id, a.itemIds[1]!));
    await expectRefused(a, u, "ITEM_NOT_IN_ACTIVITY", { itemId: a.itemIds[1]! });
  });

  it("too little cash (P − 1 fen): INSUFFICIENT_BALANCE; exactly P is enough", async () => {
    const poor = await f.makeShopper({ cash: P - 1 });
    await expectRefused(activity, poor, "INSUFFICIENT_BALANCE");
    const exact = await f.makeShopper({ cash: P });
    await f.join(activity, exact);
    expect((await balancesOf(t.db, [exact])).get(exact)?.cash).toBe(0);
  });

  it("credit does not pay for a seat: INSUFFICIENT_BALANCE", async () => {
    await expectRefused(activity, await f.makeShopper({ cash: 0, credit: 10 * P }), "INSUFFICIENT_BALANCE");
  });

  it.each(["owner", "operator", "finance", "support"] as const)("a staff account (%s): STAFF_CANNOT_JOIN", async (role) => {
    await expectRefused(activity, await f.makeShopper({ cash: CASH, role }), "STAFF_CANNOT_JOIN");
  });

  it("a frozen user: ACCOUNT_FROZEN", async () => {
    await expectRefused(activity, await f.makeShopper({ cash: CASH, frozen: true }), "ACCOUNT_FROZEN");
  });

  it("a second seat with seatsPerUser 1: SEATS_PER_USER_REACHED", async () => {
    await expectRefused(activity, seated, "SEATS_PER_USER_REACHED");
  });

  it("seatsPerUser 2: two seats, the third is refused", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, fullConfig: bareConfig({ seatsPerUser: 2 }) });
    const u = await f.makeShopper({ cash: CASH });
    expect((await f.join(a, u)).seat).toBe(1);
    expect((await f.join(a, u)).seat).toBe(2);
    await expectRefused(a, u, "SEATS_PER_USER_REACHED");
  });

  it("the per-user limit is per group: the next group takes the user again", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, fullConfig: bareConfig() });
    const [u, v] = [await f.makeShopper({ cash: CASH }), await f.makeShopper({ cash: CASH })];
    const first = await f.join(a, u);
    await f.join(a, v);
    const second = await f.join(a, u);
    expect(second.groupId).not.toBe(first.groupId);
    expect(second.seat).toBe(1);
  });

  it("the ledger is intact after all of it", async () => {
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

describe("double click (the same entryId twice)", () => {
  it("one after the other: one entry, charged once, the same seat returned", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, fullConfig: bareConfig() });
    const u = await f.makeShopper({ cash: CASH });
    const entryId = randomUUID();
    const first = await f.join(a, u, { entryId });
    const again = await f.join(a, u, { entryId });
    expect(again).toMatchObject({ entryId, groupId: first.groupId, seat: first.seat });
    expect(await countEntries(t.db, { userId: u })).toBe(1);
    expect((await balancesOf(t.db, [u])).get(u)?.cash).toBe(CASH - P);
    expect((await readOpenGroup(t.db, a.id))?.seatsTaken).toBe(1);
  });

  it("at the same time: still one entry, charged once", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, fullConfig: bareConfig() });
    const u = await f.makeShopper({ cash: CASH });
    const entryId = randomUUID();
    const results = await Promise.allSettled([f.join(a, u, { entryId }), f.join(a, u, { entryId }), f.join(a, u, { entryId })]);
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results) if (r.status === "rejected") expect(isDomainError(r.reason) && r.reason.code).toBe("CONFLICT");
    for (const r of ok) expect(r.value).toMatchObject({ entryId, seat: 1 });
    expect(await countEntries(t.db, { userId: u })).toBe(1);
    expect((await balancesOf(t.db, [u])).get(u)?.cash).toBe(CASH - P);
    expect((await readOpenGroup(t.db, a.id))?.seatsTaken).toBe(1);
  });

  it("another user reusing an entryId: CONFLICT, nothing charged", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 2, fullConfig: bareConfig() });
    const [u, v] = [await f.makeShopper({ cash: CASH }), await f.makeShopper({ cash: CASH })];
    const entryId = randomUUID();
    await f.join(a, u, { entryId });
    const before = await snapshot(a.id, [u, v]);
    expect(await codeOf(f.join(a, v, { entryId }))).toBe("CONFLICT");
    expect(await snapshot(a.id, [u, v])).toEqual(before);
    expect((await readEntries(t.db, (await readOpenGroup(t.db, a.id))!.id)).map((e) => e.userId)).toEqual([u]);
  });
});

describe("createActivity rejects a bad activity with INVALID_ACTIVITY and creates nothing", () => {
  const good = () => ({
    name: "耳机",
    priceFen: P,
    groupSize: 10,
    winners: 3,
    opensAt: new Date("2026-11-01T00:00:00Z"),
    items: [{ kind: "product" as const, name: "耳机", priceFen: P }],
    config: configWith(),
  });
  const items = (n: number, price = P) => Array.from({ length: n }, (_, i) => ({ kind: "voucher" as const, name: `券 ${i + 1}`, priceFen: price }));

  async function attempt(input: unknown): Promise<ErrorCode | "ok"> {
    const [before] = await t.db.select({ n: count() }).from(activities);
    const [gBefore] = await t.db.select({ n: count() }).from(groups);
    try {
      await t.db.transaction((tx) => createActivity(tx, clock, TEST_ACTOR, input));
      return "ok";
    } catch (e) {
      if (!isDomainError(e)) throw e;
      const [after] = await t.db.select({ n: count() }).from(activities);
      const [gAfter] = await t.db.select({ n: count() }).from(groups);
      expect([after!.n, gAfter!.n]).toEqual([before!.n, gBefore!.n]);
      return e.code;
    }
  }

  it.each([
    ["K = N", { winners: 10 }],
    ["K > N", { winners: 11 }],
    ["K = 0", { winners: 0 }],
    ["no items", { items: [] }],
    ["11 items", { items: items(11) }],
    ["mixed item prices", { items: [...items(2), { kind: "product", name: "贵", priceFen: P + 1 }] }],
    ["price over ¥50,000", { priceFen: PRIZE_CAP_FEN + 1, items: items(1, PRIZE_CAP_FEN + 1) }],
    ["price 0", { priceFen: 0, items: items(1, 0) }],
    ["a ratio over 10000 bp", { config: configWith({ rewards: { LA: { on: true, ratioBp: 10_001 } } }) }],
    ["a negative ratio", { config: configWith({ rewards: { WB: { on: true, ratioBp: -1 } } }) }],
    ["a referral ratio over 10000 bp", { config: configWith({ referral: { L2: { ratioBp: 10_001 } } }) }],
    ["a fractional ratio", { config: configWith({ rewards: { WC: { on: true, ratioBp: 12.5 } } }) }],
    ["seatsPerUser over N", { config: configWith({ seatsPerUser: 11 }) }],
    ["closesAt before opensAt", { closesAt: new Date("2026-10-01T00:00:00Z") }],
    ["an unknown conflict policy", { config: { ...configWith(), conflictPolicy: "refund" } }],
  ])("%s", async (_, patch) => {
    expect(await attempt({ ...good(), ...patch })).toBe("INVALID_ACTIVITY");
  });

  it.each([
    ["K = N − 1", { winners: 9 }],
    ["10 items", { items: items(10) }],
    ["exactly ¥50,000", { priceFen: PRIZE_CAP_FEN, items: items(1, PRIZE_CAP_FEN) }],
    ["ratio exactly 10000 bp", { config: configWith({ rewards: { LA: { on: true, ratioBp: 10_000 } } }) }],
  ])("accepts the boundary: %s", async (_, patch) => {
    expect(await attempt({ ...good(), ...patch })).toBe("ok");
  });
});

/**
 * The console's groups list: newest opened first and by group number. Groups opened at the same
 * instant (one join batch, or here a fixed clock) come out by number, highest first, never in the
 * order of their random ids; the pages of an activity's list are its numbers in order. A dissolved
 * group shows how many seats were taken before it dissolved, why it closed and what it refunded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { dissolveExpiredGroups } from "@/server/domain/groups/dissolve-expired-groups";
import { listGroups } from "@/server/domain/groups/list-groups";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { groupFixtures, NO_REWARDS, type GroupFixtures } from "../helpers/group-fixtures";

let t: TestDb;
let fx: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  fx = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

async function allPages(input: { activityId?: string; limit: number }) {
  const seen: { activityId: string; number: number }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listGroups(t.db, { ...input, cursor });
    seen.push(...page.items.map((g) => ({ activityId: g.activityId, number: g.number })));
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
}

describe("listGroups", () => {
  it("orders groups opened at the same instant by number, across pages, each group once", async () => {
    const a = await fx.makeActivity({ groupSize: 2, winners: 1, config: NO_REWARDS });
    const b = await fx.makeActivity({ groupSize: 2, winners: 1, config: NO_REWARDS });
    for (const act of [a, b]) await fx.joinAll(act, await fx.makeShoppers(14, { cash: 100_000 }));
    // 7 full groups and one open one per activity, all opened at the clock's one instant.
    const one = await allPages({ activityId: a.id, limit: 3 });
    expect(one.map((g) => g.number)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);

    const all = await allPages({ limit: 5 });
    expect(all).toHaveLength(16);
    for (const act of [a, b]) expect(all.filter((g) => g.activityId === act.id).map((g) => g.number)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    // One activity's groups together, not interleaved by id.
    const firstOf = all[0]!.activityId;
    expect(all.slice(0, 8).every((g) => g.activityId === firstOf)).toBe(true);
  });

  it("a group that timed out keeps its seat count (refunded in full); one nobody joined says 0", async () => {
    const a = await fx.makeActivity({ groupSize: 3, winners: 1, priceFen: 9_90, config: NO_REWARDS });
    await fx.joinAll(a, await fx.makeShoppers(2, { cash: 100_00 }));
    // A day later the timeout job dissolves the 2/3 group and opens group 2; a day after that, group 2, which nobody joined.
    const later = (days: number) => new FixedClock(new Date(clock.now().getTime() + days * 86_400_000 + 60_000));
    expect(await dissolveExpiredGroups(t.db, later(1))).toBeGreaterThanOrEqual(1);
    expect(await dissolveExpiredGroups(t.db, later(2))).toBeGreaterThanOrEqual(1);
    const { items } = await listGroups(t.db, { activityId: a.id, limit: 10 });
    const row = (n: number) => items.find((g) => g.number === n);
    expect(row(1)).toMatchObject({ status: "dissolved", closeReason: "timeout", seatsTaken: 2, groupSize: 3, refundedFen: 2 * 9_90 });
    expect(row(2)).toMatchObject({ status: "dissolved", closeReason: "timeout", seatsTaken: 0, refundedFen: 0 });
    expect(row(3)).toMatchObject({ status: "open", seatsTaken: 0, refundedFen: 0 });
  });

  it("refuses a cursor it did not make", async () => {
    await expect(listGroups(t.db, { cursor: "2026-11-25T02:00:00.000Z|not-an-id|3", limit: 5 })).rejects.toBeInstanceOf(DomainError);
  });
});

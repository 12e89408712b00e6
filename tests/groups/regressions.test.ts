import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import { evaluateEligibility, ZERO_COUNTERS } from "@/server/domain/draw/eligibility";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { bareConfig, deepMerge, groupFixtures, readPromoter, type GroupFixtures } from "../helpers/group-fixtures";

// Bugs the group-draw tests found, each pinned by the test that exposed it.
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const DAY = 86_400_000;
beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

describe("group-draw regressions", () => {
  it("a business day is counted once for promoter validity, whatever order groups are drawn in", async () => {
    const week = bareConfig({ timeoutSeconds: 7 * 86_400 });
    const A = await f.makeActivity({ priceFen: 1000, groupSize: 2, winners: 1, opensAt: new Date("2026-11-01"), fullConfig: week });
    const B = await f.makeActivity({ priceFen: 1000, groupSize: 2, winners: 1, opensAt: new Date("2026-11-01"), fullConfig: week });
    const u = await f.makeShopper({ cash: 100_000 });
    const d0 = new FixedClock("2026-11-25T02:00:00Z");
    const d1 = new FixedClock("2026-11-26T02:00:00Z");
    await f.join(A, u, { clock: d0 });
    await f.join(B, u, { clock: d1 });
    await f.join(B, await f.makeShopper({ cash: 100_000 }), { clock: d1 });
    await f.drawAll(B.id, d1);
    await f.join(A, await f.makeShopper({ cash: 100_000 }), { clock: d1 });
    await f.drawAll(A.id, d1);
    await f.join(B, u, { clock: d1 });
    await f.join(B, await f.makeShopper({ cash: 100_000 }), { clock: d1 });
    await f.drawAll(B.id, d1);
    // First entry ever on 11-25 (+1), first of 11-25 (+1), first of 11-26 (+1): 3 days from 11-25 02:00.
    expect((await readPromoter(t.db, u))?.validUntil).toEqual(new Date(d0.now().getTime() + 3 * DAY));
  });

  it("the first entry grants promoter validity when it is made, before its group draws", async () => {
    const a = await f.makeActivity({ priceFen: 1000, groupSize: 3, winners: 1, fullConfig: bareConfig() });
    const u = await f.makeShopper({ cash: 100_000 });
    await f.join(a, u);
    expect((await readPromoter(t.db, u))?.validUntil).toEqual(new Date(clock.now().getTime() + 2 * DAY));
  });

  it("rule 5: a user's second entry in one group that starts a new window is eligible", () => {
    const rules = deepMerge(DEFAULT_ACTIVITY_CONFIG.rules, { windowCap: { on: true, x: 2, z: 1 } });
    const e = (seat: number, userId: string) => ({ seat, userId, firstOfDay: false, firstEver: false });
    const ev = evaluateEligibility(rules, [e(1, "me"), e(2, "me"), e(3, "o")], new Map([["me", { ...ZERO_COUNTERS, windowEntries: 1, windowWins: 1 }]]));
    expect(ev.eligibility.map((x) => [x.seat, x.eligible])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
  });

  it("retrying the join that took the last seat reports filled: true, so the retry still triggers the draw", async () => {
    const a = await f.makeActivity({ priceFen: 1000, groupSize: 2, winners: 1, fullConfig: bareConfig() });
    const [u1, u2] = await f.makeShoppers(2, { cash: 10_000 });
    await f.join(a, u1!);
    const entryId = randomUUID();
    const first = await f.join(a, u2!, { entryId });
    expect(first.filled).toBe(true);
    expect(await f.join(a, u2!, { entryId })).toEqual(first);
  });
});

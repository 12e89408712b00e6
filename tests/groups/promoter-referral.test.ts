import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promoterStatus } from "@/db/schema";
import type { ActivityConfig } from "@/server/domain/shared/activity-config";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { fund } from "../helpers/factories";
import { balancesOf, bareConfig, groupFixtures, ledgerKeyCount, readEntries, readPromoter, type DeepPartial, type GroupFixtures, type TestActivity } from "../helpers/group-fixtures";

/**
 * Spec §2: promoter validity (推广员有效期) and referral release (动态释放二) through real joins and
 * draws. Groups are N = 2, K = 1 so every group closes with its second join.
 */
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z"); // 10:00 Shanghai, 2026-11-25
const P = 1000;
const CASH = 1_000_000;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

const ledgerAmount = async (key: string) => {
  const [row] = await t.db.execute<{ amount: string }>(sql`SELECT amount FROM ledger_entries WHERE idempotency_key = ${key}`);
  return Number(row?.amount ?? 0);
};

describe("promoter validity", () => {
  let activity: TestActivity;
  let u: string;
  const c = new FixedClock("2026-11-25T02:00:00Z");
  const T0 = c.now().getTime();

  /** `u` and a fresh filler fill a group at the clock's time; the group is drawn at once. */
  async function enterAt(at: string) {
    c.set(at);
    const filler = await f.makeShopper({ cash: CASH });
    await f.join(activity, u, { clock: c });
    await f.join(activity, filler, { clock: c });
    expect(await f.drawAll(activity.id, c)).toHaveLength(1);
  }
  const validUntil = async () => (await readPromoter(t.db, u))?.validUntil.getTime();

  beforeAll(async () => {
    activity = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, opensAt: new Date("2026-11-01T00:00:00Z"), fullConfig: bareConfig() });
    u = await f.makeShopper({ cash: CASH });
  });

  it("a new user's first entry: valid until now + 2 days", async () => {
    expect(await readPromoter(t.db, u)).toBeUndefined();
    await enterAt("2026-11-25T02:00:00Z");
    expect(await readPromoter(t.db, u)).toMatchObject({ validUntil: new Date(T0 + 2 * DAY) });
  });

  it("a second entry the same business day adds nothing", async () => {
    await enterAt("2026-11-25T03:00:00Z");
    expect(await validUntil()).toBe(T0 + 2 * DAY);
  });

  it("23:59:59 in Shanghai (15:59:59 UTC) is still the same business day: nothing", async () => {
    await enterAt("2026-11-25T15:59:59Z");
    expect(await validUntil()).toBe(T0 + 2 * DAY);
  });

  it("00:00 in Shanghai (16:00 UTC) is the next business day: 1 more day from the current expiry", async () => {
    await enterAt("2026-11-25T16:00:00Z");
    expect(await readPromoter(t.db, u)).toMatchObject({ validUntil: new Date(T0 + 3 * DAY) });
  });

  it("after expiry, a new day's entry extends from now", async () => {
    await enterAt("2026-12-10T05:00:00Z");
    expect(await validUntil()).toBe(new Date("2026-12-11T05:00:00Z").getTime());
  });
});

describe("referral release (动态释放二)", () => {
  const referral = (r: DeepPartial<ActivityConfig["referral"]>) => bareConfig({ referral: r });
  const FIXED = { L1: { on: true, mode: "fixed", amountFen: 300 }, L2: { on: true, mode: "fixed", amountFen: 200 } } as const;

  /**
   * Two referral chains of `length` (top first, shopper last), every referrer a valid promoter with
   * `credit(i)` of credit (i = position in the chain). The two shoppers fill one group; one wins.
   */
  async function play(config: ActivityConfig, credit: (i: number) => number, length = 3, setup?: (chains: string[][]) => Promise<void>) {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, fullConfig: config });
    const chains: string[][] = [];
    for (let k = 0; k < 2; k++) chains.push(await f.makeReferrerChain(length, (i) => (i === length - 1 ? { cash: CASH } : { credit: credit(i) })));
    for (const chain of chains) for (const id of chain.slice(0, -1)) await f.setPromoterValidUntil(id, new Date(clock.now().getTime() + DAY));
    await setup?.(chains);
    const referrers = chains.flatMap((ch) => ch.slice(0, -1));
    const before = await balancesOf(t.db, referrers);
    const { groupId } = await f.fillAndDraw(activity, [chains[0]!.at(-1)!, chains[1]!.at(-1)!]);
    const rows = await readEntries(t.db, groupId);
    const winnerIdx = rows.findIndex((r) => r.outcome === "won");
    expect(winnerIdx).toBeGreaterThanOrEqual(0);
    const after = await balancesOf(t.db, referrers);
    /** How much credit moved to cash for chain[k][i]. */
    const released = (k: number, i: number) => {
      const id = chains[k]![i]!;
      const b = before.get(id)!;
      const a = after.get(id)!;
      expect(a.cash - b.cash).toBe(b.credit - a.credit);
      return a.cash - b.cash;
    };
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
    return { winner: winnerIdx, loser: 1 - winnerIdx, released, winnerEntry: rows[winnerIdx]!, chains };
  }

  it("fixed amounts: L1 gets 300, L2 200 capped at the 150 it holds; the loser's referrers get nothing", async () => {
    const p = await play(referral(FIXED), (i) => [150, 1000][i]!);
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([300, 150]);
    expect([p.released(p.loser, 1), p.released(p.loser, 0)]).toEqual([0, 0]);
    expect(await ledgerKeyCount(t.db, `entry:${p.winnerEntry.id}:R-L1.credit`)).toBe(1);
    expect(await ledgerKeyCount(t.db, `entry:${p.winnerEntry.id}:R-L2.cash`)).toBe(1);
  });

  it("ratios of the referrer's balance: L1 1% of 12345 → 123, L2 0.5% → 61", async () => {
    const p = await play(referral({ L1: { on: true, mode: "ratio", ratioBp: 100 }, L2: { on: true, mode: "ratio", ratioBp: 50 } }), () => 12345);
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([123, 61]);
    expect([p.released(p.loser, 1), p.released(p.loser, 0)]).toEqual([0, 0]);
  });

  it("ratio 100% releases the whole balance and no more", async () => {
    const p = await play(referral({ L1: { on: true, mode: "ratio", ratioBp: 10_000 }, L2: { on: false } }), () => 777);
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([777, 0]);
    expect((await balancesOf(t.db, [p.chains[p.winner]![1]!])).get(p.chains[p.winner]![1]!)?.credit).toBe(0);
  });

  it("two winners of one group with the same referrer: the second release is taken from what the first left", async () => {
    // N = 3, K = 2, all three referred by R (credit 1000, L1 50 % of the balance): whichever two win,
    // R releases 500, then 50 % of the 500 left = 250; from the balance before the group it would be 500 twice.
    const activity = await f.makeActivity({ priceFen: P, groupSize: 3, winners: 2, fullConfig: referral({ L1: { on: true, mode: "ratio", ratioBp: 5000 }, L2: { on: false } }) });
    const r = await f.makeShopper({ credit: 1000 });
    await f.setPromoterValidUntil(r, new Date(clock.now().getTime() + DAY));
    const shoppers = await f.makeShoppers(3, { referrerId: r, cash: CASH });
    const { groupId } = await f.fillAndDraw(activity, shoppers);
    const winners = (await readEntries(t.db, groupId)).filter((e) => e.outcome === "won");
    expect(winners).toHaveLength(2);
    const releases = await Promise.all(winners.map((w) => ledgerAmount(`entry:${w.id}:R-L1.cash`)));
    expect(releases).toEqual([500, 250]);
    expect((await balancesOf(t.db, [r])).get(r)).toMatchObject({ credit: 250, cash: 750 });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a referrer with no credit: nothing, and no zero-amount entry", async () => {
    const p = await play(referral(FIXED), () => 0);
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([0, 0]);
    expect(await ledgerKeyCount(t.db, `entry:${p.winnerEntry.id}:R-L1.credit`)).toBe(0);
  });

  it("a level switched off: nothing for it", async () => {
    const p = await play(referral({ L1: { on: false, mode: "fixed", amountFen: 300 }, L2: FIXED.L2 }), () => 1000);
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([0, 200]);
  });

  it("an expired promoter (valid until a second ago, or exactly now) gets nothing", async () => {
    const p = await play(referral(FIXED), () => 1000, 3, async (chains) => {
      for (const ch of chains) {
        await f.setPromoterValidUntil(ch[1]!, new Date(clock.now().getTime() - 1000));
        await f.setPromoterValidUntil(ch[0]!, clock.now());
      }
    });
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([0, 0]);
  });

  it("a referrer who was never a promoter gets nothing; the valid level above still does", async () => {
    const p = await play(referral(FIXED), () => 1000, 3, async (chains) => {
      await t.db.delete(promoterStatus).where(inArray(promoterStatus.userId, chains.map((ch) => ch[1]!)));
    });
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([0, 200]);
  });

  it("never a third level: in a chain of 4 the top referrer gets nothing", async () => {
    const p = await play(referral(FIXED), () => 1000, 4);
    expect([p.released(p.winner, 2), p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([300, 200, 0]);
    expect([p.released(p.loser, 2), p.released(p.loser, 1), p.released(p.loser, 0)]).toEqual([0, 0, 0]);
  });

  it("validity earned by real entries: yesterday's entry makes a valid L1, an entry 3 days ago an expired L2", async () => {
    const side = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, opensAt: new Date("2026-11-01T00:00:00Z"), fullConfig: bareConfig() });
    const enter = async (userId: string, at: string) => {
      const c = new FixedClock(at);
      await f.join(side, userId, { clock: c });
      await f.join(side, await f.makeShopper({ cash: CASH }), { clock: c });
      await f.drawAll(side.id, c);
    };
    const p = await play(referral(FIXED), () => 1000, 3, async (chains) => {
      await t.db.delete(promoterStatus).where(inArray(promoterStatus.userId, chains.flatMap((ch) => ch.slice(0, 2))));
      for (const ch of chains) {
        for (const id of ch.slice(0, 2)) await fund(t.db, clock, id, "cash", CASH);
        await enter(ch[0]!, "2026-11-22T02:00:00Z"); // first entry: valid until 11-24 02:00, expired now
        await enter(ch[1]!, "2026-11-24T02:00:00Z"); // first entry: valid until 11-26 02:00
      }
    });
    expect([p.released(p.winner, 1), p.released(p.winner, 0)]).toEqual([300, 0]);
  });
});

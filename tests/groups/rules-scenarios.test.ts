import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activities, drawCounters, notifications, prizes } from "@/db/schema";
import type { ActivityConfig } from "@/server/domain/shared/activity-config";
import { noWinEntriesLeft, type DrawCounters } from "@/server/domain/draw/eligibility";
import { drawWinners } from "@/server/domain/draw/pinpin-draw-v1";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import {
  balancesOf,
  bareConfig,
  configWith,
  groupFixtures,
  readCounters,
  readEntries,
  readGroup,
  readGroups,
  readOpenGroup,
  type DeepPartial,
  type EntryRow,
  type GroupFixtures,
  type TestActivity,
} from "../helpers/group-fixtures";

/**
 * Spec §3 draw rules through the real join and draw: what each entry's persisted eligibility
 * (`eligible`, `ineligible_reason`) says, that an ineligible entry never wins while K others are
 * eligible, the per-user counters, and the two conflict policies.
 */
let t: TestDb;
let f: GroupFixtures;
// 10:00 in Shanghai on 2026-11-25.
const clock = new FixedClock("2026-11-25T02:00:00Z");
const P = 1000;
const CASH = 1_000_000;

/** An activity whose group never fills: joining it just records an entry for rules 1 and 2. */
let warmup: TestActivity;

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
  warmup = await f.makeActivity({ name: "warm-up", priceFen: P, groupSize: 100, winners: 1, opensAt: new Date("2026-11-01T00:00:00Z"), fullConfig: bareConfig() });
});
afterAll(() => t.drop());

const shopper = () => f.makeShopper({ cash: CASH });
const rules = (r: DeepPartial<ActivityConfig["rules"]>, extra: DeepPartial<ActivityConfig> = {}) => bareConfig({ ...extra, rules: r });
const eligibilityOf = (rows: EntryRow[]) => rows.map((r) => [r.seat, r.eligible, r.ineligibleReason]);

/** Asserts the stored winners are what pinpin-draw-v1 gives from the stored seed and eligibility. */
async function expectReproducible(groupId: string, rows: EntryRow[], k: number, policy: "random" | "dissolve") {
  const g = await readGroup(t.db, groupId);
  const replay = drawWinners({ seedHex: g.seedHex, groupId, k, policy, entries: rows.map((r) => ({ seat: r.seat, userId: r.userId, eligible: r.eligible! })) });
  expect(replay.winners).toEqual(rows.filter((r) => r.outcome === "won").map((r) => r.seat));
}

describe("rule 1: a day's first entry in the earliest seat loses", () => {
  it("the spec's example: the earliest first-of-day seat is ineligible and loses, a later one may win", async () => {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 4, winners: 2, fullConfig: rules({ firstOfDay: { on: true } }) });
    const [b, a, c, d] = [await shopper(), await shopper(), await shopper(), await shopper()];
    // b and d already joined today, in another activity: rule 1 counts the whole platform.
    await f.joinAll(warmup, [b, d]);
    const { groupId } = await f.fillAndDraw(activity, [b, a, c, d]);
    const rows = await readEntries(t.db, groupId);
    expect(rows.map((r) => r.firstOfDay)).toEqual([false, true, true, false]);
    expect(eligibilityOf(rows)).toEqual([
      [1, true, null],
      [2, false, "firstOfDay"],
      [3, true, null],
      [4, true, null],
    ]);
    expect(rows[1]?.outcome).toBe("lost");
    await expectReproducible(groupId, rows, 2, "random");
  });

  it("the business day is Shanghai's: 23:59:59 and 00:00:00 fall on different days", async () => {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 3, winners: 1, opensAt: new Date("2026-11-01T00:00:00Z"), fullConfig: rules({ firstOfDay: { on: true } }) });
    const [late, early, other] = [await shopper(), await shopper(), await shopper()];
    // `late` joined at 23:59:59 Shanghai on the 25th; `early` at 00:00:00 on the 26th.
    await f.join(warmup, late, { clock: new FixedClock("2026-11-25T15:59:59Z") });
    await f.join(warmup, early, { clock: new FixedClock("2026-11-25T16:00:00Z") });
    const at = new FixedClock("2026-11-25T16:30:00Z");
    const seats = [early, late, other];
    for (const u of seats) await f.join(activity, u, { clock: at });
    await f.drawAll(activity.id, at);
    const [g] = await readGroups(t.db, activity.id);
    const rows = await readEntries(t.db, g!.id);
    expect(rows.map((r) => [r.businessDay, r.firstOfDay])).toEqual([
      ["2026-11-26", false],
      ["2026-11-26", true],
      ["2026-11-26", true],
    ]);
    expect(eligibilityOf(rows)).toEqual([
      [1, true, null],
      [2, false, "firstOfDay"],
      [3, true, null],
    ]);
  });

  it("off: nobody is ineligible", async () => {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 3, winners: 2, fullConfig: rules({}) });
    const { groupId } = await f.fillAndDraw(activity, [await shopper(), await shopper(), await shopper()]);
    const rows = await readEntries(t.db, groupId);
    expect(rows.map((r) => r.firstOfDay)).toEqual([true, true, true]);
    expect(eligibilityOf(rows)).toEqual([
      [1, true, null],
      [2, true, null],
      [3, true, null],
    ]);
  });
});

describe("rule 2: a new user's first entry in the earliest seat loses", () => {
  it("the spec's example", async () => {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 4, winners: 2, fullConfig: rules({ newUser: { on: true } }) });
    const [old1, new1, new2, old2] = [await shopper(), await shopper(), await shopper(), await shopper()];
    await f.joinAll(warmup, [old1, old2]);
    const { groupId } = await f.fillAndDraw(activity, [old1, new1, new2, old2]);
    const rows = await readEntries(t.db, groupId);
    expect(rows.map((r) => r.firstEver)).toEqual([false, true, true, false]);
    expect(eligibilityOf(rows)).toEqual([
      [1, true, null],
      [2, false, "newUser"],
      [3, true, null],
      [4, true, null],
    ]);
    expect(rows[1]?.outcome).toBe("lost");
  });

  it("an entry yesterday makes a user old, not only an entry today", async () => {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 3, winners: 1, fullConfig: rules({ newUser: { on: true } }) });
    const [veteran, fresh, other] = [await shopper(), await shopper(), await shopper()];
    await f.join(warmup, veteran, { clock: new FixedClock("2026-11-20T02:00:00Z") });
    const { groupId } = await f.fillAndDraw(activity, [veteran, fresh, other]);
    expect(eligibilityOf(await readEntries(t.db, groupId))).toEqual([
      [1, true, null],
      [2, false, "newUser"],
      [3, true, null],
    ]);
  });
});

/**
 * An independent model of rules 3–5 as spec §3 words them, for one user: fed each entry in order
 * with its outcome, it says whether the entry was eligible and why not.
 */
class SpecModel {
  private s = new Map<string, { streak: number; streakBlock: number; wins: number; totalBlock: number; winEntries: number; windowWins: number }>();
  constructor(private readonly r: ActivityConfig["rules"]) {}
  private of(u: string) {
    let x = this.s.get(u);
    if (!x) this.s.set(u, (x = { streak: 0, streakBlock: 0, wins: 0, totalBlock: 0, winEntries: 0, windowWins: 0 }));
    return x;
  }
  /** Eligibility of the user's next entry; uses up a blocked entry. */
  enter(u: string): string | null {
    const x = this.of(u);
    const reasons: string[] = [];
    if (this.r.winStreak.on && x.streakBlock > 0) {
      reasons.push("winStreak");
      x.streakBlock -= 1;
    }
    if (this.r.totalWins.on && x.totalBlock > 0) {
      reasons.push("totalWins");
      x.totalBlock -= 1;
    }
    if (this.r.windowCap.on && x.windowWins >= this.r.windowCap.z) reasons.push("windowCap");
    return reasons[0] ?? null;
  }
  result(u: string, won: boolean, wasEligible: boolean) {
    const x = this.of(u);
    // policy random: privilege void
    if (won && !wasEligible) {
      x.streakBlock = 0;
      x.totalBlock = 0;
    }
    if (this.r.winStreak.on) {
      x.streak = won ? x.streak + 1 : 0;
      if (x.streak === this.r.winStreak.x) {
        x.streakBlock = this.r.winStreak.y;
        x.streak = 0;
      }
    }
    if (this.r.totalWins.on && won) {
      x.wins += 1;
      if (x.wins === this.r.totalWins.x) {
        x.totalBlock = this.r.totalWins.y;
        x.wins = 0;
      }
    }
    if (this.r.windowCap.on) {
      x.winEntries += 1;
      if (won) x.windowWins += 1;
      if (x.winEntries === this.r.windowCap.x) {
        x.winEntries = 0;
        x.windowWins = 0;
      }
    }
  }
  counters(u: string): DrawCounters {
    const x = this.of(u);
    return { consecutiveWins: x.streak, streakBlockLeft: x.streakBlock, winsInPeriod: x.wins, totalBlockLeft: x.totalBlock, windowEntries: x.winEntries, windowWins: x.windowWins };
  }
}

/**
 * Plays groups of two users (N = 2, K = 1, alternating seat order) until `want` entries have been
 * made ineligible by the rule (or 80 groups), checking every group's stored eligibility against
 * the model, that an ineligible seat never wins while another is eligible, and the stored counters.
 */
async function playRule(ruleRules: DeepPartial<ActivityConfig["rules"]>, reason: string, want: number) {
  const config = rules(ruleRules);
  const activity = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, fullConfig: config });
  const users = [await shopper(), await shopper()];
  const model = new SpecModel(config.rules);
  let blocked = 0;
  let groupsPlayed = 0;
  for (let g = 0; g < 80 && blocked < want; g++) {
    const order = g % 2 === 0 ? users : [...users].reverse();
    const { groupId } = await f.fillAndDraw(activity, order);
    const rows = await readEntries(t.db, groupId);
    const expected = rows.map((r) => model.enter(r.userId));
    expect(rows.map((r) => r.ineligibleReason), `group ${g + 1}`).toEqual(expected);
    expect(rows.map((r) => r.eligible)).toEqual(expected.map((x) => x === null));
    expect(rows.filter((r) => r.outcome === "won")).toHaveLength(1);
    if (rows.some((r) => r.eligible)) expect(rows.every((r) => r.outcome !== "won" || r.eligible)).toBe(true);
    for (const r of rows) model.result(r.userId, r.outcome === "won", r.eligible!);
    blocked += expected.filter((x) => x === reason).length;
    groupsPlayed += 1;
  }
  expect(blocked).toBeGreaterThanOrEqual(want);
  for (const u of users) expect(await readCounters(t.db, u, activity.id), `counters after ${groupsPlayed} groups`).toMatchObject(model.counters(u));
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
}

describe("rules 3–5 over many groups (N = 2, K = 1)", () => {
  it("rule 3: after 2 consecutive wins, the next entry is ineligible; a loss resets the streak", async () => {
    await playRule({ winStreak: { on: true, x: 2, y: 1 } }, "winStreak", 3);
  });

  it("rule 3 with Y = 2", async () => {
    await playRule({ winStreak: { on: true, x: 2, y: 2 } }, "winStreak", 4);
  });

  it("rule 4: after 2 wins in all, the next entry is ineligible", async () => {
    await playRule({ totalWins: { on: true, x: 2, y: 1 } }, "totalWins", 3);
  });

  it("rule 5: at most 1 win in each window of 3 entries", async () => {
    await playRule({ windowCap: { on: true, x: 3, z: 1 } }, "windowCap", 4);
  });
});

async function seedCounters(userId: string, activityId: string, c: Partial<DrawCounters>) {
  await t.db.insert(drawCounters).values({ userId, activityId, ...c });
}

describe("conflict policies (fewer than K eligible)", () => {
  /**
   * N = 3, K = 2: seat 1 is an old user's first entry today (rule 1), seat 2 a new user's first
   * entry (rule 2), seat 3 eligible. Only one eligible seat for two winners: a conflict.
   */
  async function conflictGroup(policy: "dissolve" | "random", rewardsOn: boolean) {
    const base = rewardsOn ? configWith() : bareConfig();
    const config: ActivityConfig = {
      ...base,
      conflictPolicy: policy,
      rules: { ...base.rules, firstOfDay: { on: true }, newUser: { on: true }, winStreak: { on: true, x: 3, y: 1 }, windowCap: { on: true, x: 10, z: 3 } },
    };
    const activity = await f.makeActivity({ priceFen: P, groupSize: 3, winners: 2, fullConfig: config });
    const oldToday = await f.makeShopper({ cash: CASH, credit: 5000 });
    const fresh = await f.makeShopper({ cash: CASH, credit: 5000 });
    const regular = await f.makeShopper({ cash: CASH, credit: 5000 });
    await f.join(warmup, oldToday, { clock: new FixedClock("2026-11-24T02:00:00Z") });
    await f.join(warmup, regular);
    // Counters from earlier groups of this activity: a conflict must leave them as they are.
    await seedCounters(regular, activity.id, { consecutiveWins: 1, windowEntries: 4, windowWins: 1 });
    await seedCounters(oldToday, activity.id, { consecutiveWins: 2, windowEntries: 7, windowWins: 2 });
    const users = [oldToday, fresh, regular];
    const before = await balancesOf(t.db, users);
    const { groupId } = await f.fillAndDraw(activity, users);
    const rows = await readEntries(t.db, groupId);
    expect(eligibilityOf(rows)).toEqual([
      [1, false, "firstOfDay"],
      [2, false, "newUser"],
      [3, true, null],
    ]);
    return { activity, users, before, groupId, rows, oldToday, fresh, regular };
  }

  it("dissolve: everyone refunded in full, no rewards, counters unchanged, a new open group", async () => {
    const c = await conflictGroup("dissolve", true);
    const group = await readGroup(t.db, c.groupId);
    expect([group.status, group.closeReason, group.winnerSeats]).toEqual(["dissolved", "conflict", null]);
    expect(c.rows.map((r) => [r.outcome, r.dividendPoolFen])).toEqual([
      ["refunded", 0],
      ["refunded", 0],
      ["refunded", 0],
    ]);
    expect(await balancesOf(t.db, c.users)).toEqual(c.before);
    expect(await t.db.select().from(prizes).where(eq(prizes.userId, c.regular))).toEqual([]);
    expect(await readCounters(t.db, c.regular, c.activity.id)).toMatchObject({ consecutiveWins: 1, streakBlockLeft: 0, windowEntries: 4, windowWins: 1 });
    expect(await readCounters(t.db, c.oldToday, c.activity.id)).toMatchObject({ consecutiveWins: 2, windowEntries: 7, windowWins: 2 });
    expect(await readCounters(t.db, c.fresh, c.activity.id)).toBeUndefined();
    const open = await readOpenGroup(t.db, c.activity.id);
    expect(open).toMatchObject({ number: 2, seatsTaken: 0 });
    const notes = await t.db.select().from(notifications).where(and(eq(notifications.kind, "group.dissolved"), eq(notifications.userId, c.fresh)));
    expect(notes.map((n) => n.payload)).toEqual([{ groupId: c.groupId, reason: "conflict", refundFen: P }]);
    // The seed is the committed one, and the draw it would give is "dissolved".
    await expectReproducible(c.groupId, c.rows, 2, "dissolve");
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("dissolve: the next group of the activity still works", async () => {
    const c = await conflictGroup("dissolve", false);
    const { groupId } = await f.fillAndDraw(c.activity, [c.regular, c.fresh, c.oldToday]);
    const g = await readGroup(t.db, groupId);
    expect([g.number, g.status]).toEqual([2, "drawn"]);
  });

  it("random: the eligible seat wins and the other slot goes to an ineligible seat; counters move", async () => {
    const c = await conflictGroup("random", false);
    const group = await readGroup(t.db, c.groupId);
    expect(group.status).toBe("drawn");
    const winners = c.rows.filter((r) => r.outcome === "won").map((r) => r.seat);
    expect(winners).toHaveLength(2);
    expect(winners).toContain(3);
    expect(group.winnerSeats).toEqual(winners);
    await expectReproducible(c.groupId, c.rows, 2, "random");
    const after = await balancesOf(t.db, c.users);
    c.rows.forEach((r) => expect(after.get(r.userId)?.cash).toBe(c.before.get(r.userId)!.cash - (r.outcome === "won" ? P : 0)));
    expect(await readCounters(t.db, c.regular, c.activity.id)).toMatchObject({ consecutiveWins: 2, windowEntries: 5, windowWins: 2 });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("random: a winner drawn from the ineligible loses the rest of the no-win privilege", async () => {
    const config = rules({ winStreak: { on: true, x: 5, y: 3 } });
    const activity = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, fullConfig: config });
    const [a, b] = [await shopper(), await shopper()];
    await seedCounters(a, activity.id, { streakBlockLeft: 3 });
    await seedCounters(b, activity.id, { streakBlockLeft: 3 });
    const first = await readEntries(t.db, (await f.fillAndDraw(activity, [a, b])).groupId);
    expect(eligibilityOf(first)).toEqual([
      [1, false, "winStreak"],
      [2, false, "winStreak"],
    ]);
    const w = first.find((r) => r.outcome === "won")!.userId;
    const l = first.find((r) => r.outcome === "lost")!.userId;
    expect(await readCounters(t.db, w, activity.id)).toMatchObject({ streakBlockLeft: 0, consecutiveWins: 1 });
    expect(await readCounters(t.db, l, activity.id)).toMatchObject({ streakBlockLeft: 2, consecutiveWins: 0 });
    expect(noWinEntriesLeft(config.rules, (await readCounters(t.db, w, activity.id))!)).toBe(0);
    expect(noWinEntriesLeft(config.rules, (await readCounters(t.db, l, activity.id))!)).toBe(2);
    // Next group: the voided winner may win again, the other is still blocked (and so loses).
    const second = await readEntries(t.db, (await f.fillAndDraw(activity, [a, b])).groupId);
    expect(second.map((r) => [r.userId === w, r.eligible, r.ineligibleReason, r.outcome])).toEqual(
      second.map((r) => (r.userId === w ? [true, true, null, "won"] : [false, false, "winStreak", "lost"])),
    );
  });
});

describe("settings are fixed when a group opens", () => {
  it("switching rule 1 on applies from the next group, never to the open one", async () => {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, fullConfig: rules({}) });
    const [a, b, c, d] = [await shopper(), await shopper(), await shopper(), await shopper()];
    await f.join(activity, a);
    await t.db.update(activities).set({ config: rules({ firstOfDay: { on: true } }) }).where(eq(activities.id, activity.id));
    const { groupId: g1 } = await f.fillAndDraw(activity, [b]);
    expect(eligibilityOf(await readEntries(t.db, g1))).toEqual([
      [1, true, null],
      [2, true, null],
    ]);
    const { groupId: g2 } = await f.fillAndDraw(activity, [c, d]);
    expect(eligibilityOf(await readEntries(t.db, g2))).toEqual([
      [1, false, "firstOfDay"],
      [2, true, null],
    ]);
  });
});

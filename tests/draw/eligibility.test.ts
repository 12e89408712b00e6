import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DEFAULT_ACTIVITY_CONFIG, type ActivityConfig } from "@/server/domain/shared/activity-config";
import { applyOutcomes, evaluateEligibility, noWinEntriesLeft, ZERO_COUNTERS, type DrawCounters, type EntryFacts } from "@/server/domain/draw/eligibility";
import { deepMerge, type DeepPartial } from "../helpers/group-fixtures";

type Rules = ActivityConfig["rules"];
const OFF: Rules = DEFAULT_ACTIVITY_CONFIG.rules;
const rules = (o: DeepPartial<Rules>): Rules => deepMerge(OFF, o);

/** Seats 1..n for users u1..un, none first of day / first ever unless listed. */
function facts(n: number, o: { firstOfDay?: number[]; firstEver?: number[]; users?: string[] } = {}): EntryFacts[] {
  return Array.from({ length: n }, (_, i) => ({
    seat: i + 1,
    userId: o.users?.[i] ?? `u${i + 1}`,
    firstOfDay: o.firstOfDay?.includes(i + 1) ?? false,
    firstEver: o.firstEver?.includes(i + 1) ?? false,
  }));
}

const ineligible = (r: ReturnType<typeof evaluateEligibility>) => r.eligibility.filter((e) => !e.eligible).map((e) => [e.seat, e.reason]);

describe("rule 1: first of the day, first in line", () => {
  it.each([
    { name: "the earliest first-of-day seat loses, later ones are fine", firstOfDay: [2, 4, 5], want: [[2, "firstOfDay"]] },
    { name: "seat 1 when it is the first of the day", firstOfDay: [1, 2, 3, 4, 5], want: [[1, "firstOfDay"]] },
    { name: "the last seat when only it is first of the day", firstOfDay: [5], want: [[5, "firstOfDay"]] },
    { name: "nobody when no entry is the day's first", firstOfDay: [], want: [] },
  ])("$name", ({ firstOfDay, want }) => {
    const r = evaluateEligibility(rules({ firstOfDay: { on: true } }), facts(5, { firstOfDay }), new Map());
    expect(ineligible(r)).toEqual(want);
    expect(r.eligibility.map((e) => e.seat)).toEqual([1, 2, 3, 4, 5]);
  });

  it("looks at seats, not at the order entries are given in", () => {
    const shuffled = [...facts(5, { firstOfDay: [3, 4] })].reverse();
    expect(ineligible(evaluateEligibility(rules({ firstOfDay: { on: true } }), shuffled, new Map()))).toEqual([[3, "firstOfDay"]]);
  });

  it("ignores first-ever entries (that is rule 2)", () => {
    expect(ineligible(evaluateEligibility(rules({ firstOfDay: { on: true } }), facts(4, { firstEver: [1], firstOfDay: [3] }), new Map()))).toEqual([[3, "firstOfDay"]]);
  });

  it("off: the first of the day may win", () => {
    expect(ineligible(evaluateEligibility(OFF, facts(5, { firstOfDay: [1, 2] }), new Map()))).toEqual([]);
  });
});

describe("rule 2: new user, first in line", () => {
  it.each([
    { name: "the earliest first-ever seat loses, other new users are fine", firstEver: [3, 6, 9], want: [[3, "newUser"]] },
    { name: "seat 1 when everyone is new", firstEver: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], want: [[1, "newUser"]] },
    { name: "nobody when no one is new", firstEver: [], want: [] },
  ])("$name", ({ firstEver, want }) => {
    // A first-ever entry is also the first of its day: rule 1 is off here, so only rule 2 speaks.
    const r = evaluateEligibility(rules({ newUser: { on: true } }), facts(10, { firstEver, firstOfDay: firstEver }), new Map());
    expect(ineligible(r)).toEqual(want);
  });

  it("with rule 1 too: one seat can be hit by both (reported as rule 1), or two seats by one each", () => {
    const both = rules({ firstOfDay: { on: true }, newUser: { on: true } });
    expect(ineligible(evaluateEligibility(both, facts(5, { firstOfDay: [2, 3], firstEver: [2, 3] }), new Map()))).toEqual([[2, "firstOfDay"]]);
    expect(ineligible(evaluateEligibility(both, facts(5, { firstOfDay: [1, 4], firstEver: [4] }), new Map()))).toEqual([
      [1, "firstOfDay"],
      [4, "newUser"],
    ]);
  });

  it("off: a new user in seat 1 may win", () => {
    expect(ineligible(evaluateEligibility(OFF, facts(3, { firstEver: [1] }), new Map()))).toEqual([]);
  });
});

/**
 * Plays one user ("me") through a sequence of groups with scripted outcomes (W = won, L = lost),
 * each group holding "me" in seat 1 and two others. Returns whether each of my entries was
 * eligible (with the reason) and the counters after each group.
 */
function play(r: Rules, script: string, start: DrawCounters = ZERO_COUNTERS) {
  let counters = new Map<string, DrawCounters>([["me", { ...start }]]);
  const seen: { eligible: boolean; reason: string | null; after: DrawCounters }[] = [];
  for (const ch of script) {
    const entries = [{ seat: 1, userId: "me", firstOfDay: false, firstEver: false }, ...facts(3).slice(1)];
    const ev = evaluateEligibility(r, entries, counters);
    const mine = ev.eligibility.find((e) => e.seat === 1)!;
    const won = ch === "W";
    counters = applyOutcomes(
      r,
      ev.eligibility.map((e) => ({ seat: e.seat, userId: entries[e.seat - 1]!.userId, won: e.seat === 1 ? won : false, wasEligible: e.eligible })),
      ev.counters,
    );
    seen.push({ eligible: mine.eligible, reason: mine.reason, after: { ...counters.get("me")! } });
  }
  return seen;
}

/** "." = eligible, "x" = ineligible, one per entry of `play`. */
const pattern = (seen: ReturnType<typeof play>) => seen.map((s) => (s.eligible ? "." : "x")).join("");

describe("rule 3: win streak (after X consecutive wins, the next Y entries are ineligible)", () => {
  it.each([
    { x: 2, y: 1, script: "WWLL", want: "..x." },
    { x: 2, y: 2, script: "WWLLL", want: "..xx." },
    { x: 3, y: 1, script: "WWWLL", want: "...x." },
    { x: 1, y: 1, script: "WLWL", want: ".x.x" },
    // A loss resets the streak: W W L W W L never reaches 3 in a row.
    { x: 3, y: 1, script: "WWLWWL", want: "......" },
    // After the block the streak starts again from zero.
    { x: 2, y: 1, script: "WWLWWL", want: "..x..x" },
    { x: 2, y: 1, script: "WLWLWL", want: "......" },
  ])("x=$x y=$y: $script → $want", ({ x, y, script, want }) => {
    const seen = play(rules({ winStreak: { on: true, x, y } }), script);
    expect(pattern(seen)).toBe(want);
    for (const s of seen) if (!s.eligible) expect(s.reason).toBe("winStreak");
  });

  it("counters: the block is set when the streak completes and each later entry uses one up", () => {
    const seen = play(rules({ winStreak: { on: true, x: 2, y: 2 } }), "WWLL");
    expect(seen.map((s) => [s.after.consecutiveWins, s.after.streakBlockLeft])).toEqual([
      [1, 0],
      [0, 2],
      [0, 1],
      [0, 0],
    ]);
  });

  it("a blocked entry is used up even when another rule already makes it ineligible", () => {
    const r = rules({ firstOfDay: { on: true }, winStreak: { on: true, x: 2, y: 1 } });
    const before = new Map([["u1", { ...ZERO_COUNTERS, streakBlockLeft: 1 }]]);
    const ev = evaluateEligibility(r, facts(3, { firstOfDay: [1] }), before);
    expect(ineligible(ev)).toEqual([[1, "firstOfDay"]]);
    expect(ev.counters.get("u1")?.streakBlockLeft).toBe(0);
  });

  it("two entries of one user in a group: a block of 1 covers only the earlier seat", () => {
    const before = new Map([["me", { ...ZERO_COUNTERS, streakBlockLeft: 1 }]]);
    const ev = evaluateEligibility(rules({ winStreak: { on: true, x: 2, y: 1 } }), facts(4, { users: ["a", "me", "b", "me"] }), before);
    expect(ineligible(ev)).toEqual([[2, "winStreak"]]);
    expect(ev.counters.get("me")?.streakBlockLeft).toBe(0);
  });

  it("does not touch the caller's counters", () => {
    const before = new Map([["u1", { ...ZERO_COUNTERS, streakBlockLeft: 2 }]]);
    evaluateEligibility(rules({ winStreak: { on: true, x: 2, y: 2 } }), facts(3), before);
    expect(before.get("u1")?.streakBlockLeft).toBe(2);
  });
});

describe("rule 4: total wins (after X wins, the next Y entries are ineligible)", () => {
  it.each([
    { x: 3, y: 2, script: "WLWLWLLL", want: ".....xx." },
    { x: 2, y: 1, script: "WWLL", want: "..x." },
    { x: 2, y: 1, script: "WLLLWLL", want: ".....x." },
    // Wins need not be consecutive, and the count restarts after each period.
    { x: 2, y: 1, script: "WLWLWLWL", want: "...x...x" },
  ])("x=$x y=$y: $script → $want", ({ x, y, script, want }) => {
    const seen = play(rules({ totalWins: { on: true, x, y } }), script);
    expect(pattern(seen)).toBe(want);
    for (const s of seen) if (!s.eligible) expect(s.reason).toBe("totalWins");
  });

  it("counters: wins count up to X, then reset with Y blocked entries", () => {
    const seen = play(rules({ totalWins: { on: true, x: 3, y: 2 } }), "WLWLW");
    expect(seen.map((s) => [s.after.winsInPeriod, s.after.totalBlockLeft])).toEqual([
      [1, 0],
      [1, 0],
      [2, 0],
      [2, 0],
      [0, 2],
    ]);
  });
});

describe("rule 5: window cap (at most Z wins in each window of X entries)", () => {
  it.each([
    { x: 4, z: 1, script: "WLLLL", want: ".xxx." },
    { x: 4, z: 1, script: "LLWLL", want: "...x." },
    { x: 4, z: 1, script: "LLLWL", want: "....." },
    { x: 3, z: 2, script: "WWLLLL", want: "..x..." },
    { x: 5, z: 2, script: "WLWLLWLWLL", want: "...xx...xx" },
    // Z wins on the window's last entry: nothing left to block, the next window is fresh.
    { x: 3, z: 1, script: "LLWLL", want: "....." },
  ])("x=$x z=$z: $script → $want", ({ x, z, script, want }) => {
    const seen = play(rules({ windowCap: { on: true, x, z } }), script);
    expect(pattern(seen)).toBe(want);
    for (const s of seen) if (!s.eligible) expect(s.reason).toBe("windowCap");
  });

  it("counters: entries and wins of the window, both reset after X entries", () => {
    const seen = play(rules({ windowCap: { on: true, x: 3, z: 1 } }), "WLLW");
    expect(seen.map((s) => [s.after.windowEntries, s.after.windowWins])).toEqual([
      [1, 1],
      [2, 1],
      [0, 0],
      [1, 1],
    ]);
  });
});

describe("conflict policy random: a winner drawn from the ineligible loses the rest of the privilege", () => {
  it("win streak: the remaining blocked entries are void", () => {
    const r = rules({ winStreak: { on: true, x: 5, y: 3 } });
    // Blocked for 3; the first blocked entry wins anyway (drawn from the ineligible).
    const seen = play(r, "WLL", { ...ZERO_COUNTERS, streakBlockLeft: 3 });
    expect(pattern(seen)).toBe("x..");
    expect(seen[0]?.after).toMatchObject({ streakBlockLeft: 0, consecutiveWins: 1 });
    expect(noWinEntriesLeft(r, seen[0]!.after)).toBe(0);
  });

  it("total wins: the remaining blocked entries are void", () => {
    const r = rules({ totalWins: { on: true, x: 5, y: 3 } });
    const seen = play(r, "WLL", { ...ZERO_COUNTERS, totalBlockLeft: 3 });
    expect(pattern(seen)).toBe("x..");
    expect(seen[0]?.after).toMatchObject({ totalBlockLeft: 0, winsInPeriod: 1 });
    expect(noWinEntriesLeft(r, seen[0]!.after)).toBe(0);
  });

  it("a loser among the ineligible keeps the rest of the privilege", () => {
    const r = rules({ winStreak: { on: true, x: 5, y: 3 } });
    const seen = play(r, "LLLL", { ...ZERO_COUNTERS, streakBlockLeft: 3 });
    expect(pattern(seen)).toBe("xxx.");
    expect(seen.map((s) => noWinEntriesLeft(r, s.after))).toEqual([2, 1, 0, 0]);
  });

  it("an eligible winner's block is not touched", () => {
    const before = new Map([["u1", { ...ZERO_COUNTERS, totalBlockLeft: 2 }]]);
    // rule 4 off now: the stored block does not apply and stays as it was.
    const out = applyOutcomes(OFF, [{ seat: 1, userId: "u1", won: true, wasEligible: true }], before);
    expect(out.get("u1")?.totalBlockLeft).toBe(2);
  });
});

describe("noWinEntriesLeft (不中奖特权)", () => {
  const all = rules({ winStreak: { on: true, x: 3, y: 1 }, totalWins: { on: true, x: 10, y: 2 }, windowCap: { on: true, x: 10, z: 3 } });
  it.each([
    { name: "nothing blocked", r: all, c: ZERO_COUNTERS, want: 0 },
    { name: "streak block", r: all, c: { ...ZERO_COUNTERS, streakBlockLeft: 2 }, want: 2 },
    { name: "total block", r: all, c: { ...ZERO_COUNTERS, totalBlockLeft: 3 }, want: 3 },
    { name: "both blocks overlap: the longer one", r: all, c: { ...ZERO_COUNTERS, streakBlockLeft: 2, totalBlockLeft: 1 }, want: 2 },
    { name: "window at its cap: the rest of the window", r: all, c: { ...ZERO_COUNTERS, windowEntries: 4, windowWins: 3 }, want: 6 },
    { name: "window below its cap: nothing", r: all, c: { ...ZERO_COUNTERS, windowEntries: 4, windowWins: 2 }, want: 0 },
    { name: "window rest longer than a block", r: all, c: { ...ZERO_COUNTERS, streakBlockLeft: 1, windowEntries: 7, windowWins: 3 }, want: 3 },
    { name: "rules off: stored counters count for nothing", r: OFF, c: { ...ZERO_COUNTERS, streakBlockLeft: 2, totalBlockLeft: 5, windowEntries: 4, windowWins: 3 }, want: 0 },
  ])("$name → $want", ({ r, c, want }) => {
    expect(noWinEntriesLeft(r, c)).toBe(want);
  });
});

describe("with every rule off", () => {
  const countersArb = fc.record({
    consecutiveWins: fc.nat(20),
    streakBlockLeft: fc.nat(20),
    winsInPeriod: fc.nat(20),
    totalBlockLeft: fc.nat(20),
    windowEntries: fc.nat(20),
    windowWins: fc.nat(20),
  });
  const offRulesArb = fc.record({
    firstOfDay: fc.constant({ on: false }),
    newUser: fc.constant({ on: false }),
    winStreak: fc.record({ on: fc.constant(false), x: fc.integer({ min: 1, max: 1000 }), y: fc.integer({ min: 1, max: 1000 }) }),
    totalWins: fc.record({ on: fc.constant(false), x: fc.integer({ min: 1, max: 1000 }), y: fc.integer({ min: 1, max: 1000 }) }),
    windowCap: fc.record({ on: fc.constant(false), x: fc.integer({ min: 1, max: 1000 }), z: fc.integer({ min: 1, max: 1000 }) }),
  });
  const groupArb = fc.integer({ min: 2, max: 12 }).chain((n) =>
    fc.record({
      entries: fc.tuple(
        ...Array.from({ length: n }, (_, i) => fc.record({ seat: fc.constant(i + 1), userId: fc.constantFrom("a", "b", "c", "d", "e", "f"), firstOfDay: fc.boolean(), firstEver: fc.boolean() })),
      ),
      won: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      reversed: fc.boolean(),
      before: fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e", "f"), countersArb),
    }),
  );

  it("everyone is eligible and no counter changes, whoever wins", () => {
    fc.assert(
      fc.property(offRulesArb, groupArb, (r, g) => {
        const before = new Map(Object.entries(g.before));
        const snapshot = structuredClone(before);
        const ev = evaluateEligibility(r, g.reversed ? [...g.entries].reverse() : g.entries, before);
        expect(ev.eligibility.every((e) => e.eligible && e.reason === null)).toBe(true);
        expect(ev.eligibility.map((e) => e.seat)).toEqual(g.entries.map((e) => e.seat));
        const after = applyOutcomes(r, g.entries.map((e, i) => ({ seat: e.seat, userId: e.userId, won: g.won[i]!, wasEligible: true })), ev.counters);
        for (const e of g.entries) expect(after.get(e.userId)).toEqual(snapshot.get(e.userId) ?? ZERO_COUNTERS);
        expect(before).toEqual(snapshot);
      }),
      { numRuns: 500 },
    );
  });
});

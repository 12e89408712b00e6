import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgArray } from "@/db/pg-array";
import { drawWinners } from "@/server/domain/draw/pinpin-draw-v1";
import { applyOutcomes, evaluateEligibility, type DrawCounters } from "@/server/domain/draw/eligibility";
import { ActivityConfigSchema } from "@/server/domain/shared/activity-config";
import { DrawScheduler } from "@/server/runtime/draw-scheduler";
import { drawPendingGroups } from "@/server/domain/groups/draw-group";
import { joinActivityBatch } from "@/server/domain/groups/join-activity";
import { JoinQueue } from "@/server/runtime/join-queue";
import { checkLedgerInvariants, postTransfers } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { bareConfig, balanceOf, groupFixtures, ledgerKeyCount, readEntries, readGroups, type GroupFixtures } from "../helpers/group-fixtures";

/**
 * The single writer of an activity: many joins in one transaction (joinActivityBatch), the queue that
 * forms those batches under real concurrency (JoinQueue), the draws that run after the commit
 * (DrawScheduler) and up to 16 groups per draw transaction (drawGroups).
 */
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const P = 1999;

beforeAll(async () => {
  t = await createTestDb({ max: 8 });
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

describe("joinActivityBatch: many joins in one transaction", () => {
  it("seats a batch across groups in order, refuses each bad request alone and charges only the seated", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 4, winners: 1, config: bareConfig() });
    const ok = await f.makeShoppers(9, { cash: 10 * P });
    const poor = await f.makeShopper({ cash: P - 1 });
    const staff = await f.makeShopper({ role: "operator", cash: 10 * P });
    const frozen = await f.makeShopper({ frozen: true, cash: 10 * P });
    const tap = randomUUID();
    const requests = [
      { userId: ok[0]!, itemId: a.itemId, entryId: tap },
      { userId: ok[0]!, itemId: a.itemId, entryId: tap }, // the same tap twice: one seat, one charge
      { userId: poor, itemId: a.itemId, entryId: randomUUID() },
      { userId: ok[0]!, itemId: a.itemId, entryId: randomUUID() }, // a second seat in the same group
      { userId: staff, itemId: a.itemId, entryId: randomUUID() },
      { userId: frozen, itemId: a.itemId, entryId: randomUUID() },
      { userId: ok[1]!, itemId: randomUUID(), entryId: randomUUID() }, // not an item of the activity
      { userId: randomUUID(), itemId: a.itemId, entryId: randomUUID() },
      ...ok.slice(1).map((userId) => ({ userId, itemId: a.itemId, entryId: randomUUID() })),
    ];
    const outcomes = await t.db.transaction((tx) => joinActivityBatch(tx, clock, a.id, requests));
    const codes = outcomes.map((o) => (o.ok ? `seat ${o.value.seat}${o.value.filled ? " filled" : ""}` : o.error.code));
    expect(codes).toEqual([
      "seat 1",
      "seat 1",
      "INSUFFICIENT_BALANCE",
      "SEATS_PER_USER_REACHED",
      "STAFF_CANNOT_JOIN",
      "ACCOUNT_FROZEN",
      "ITEM_NOT_IN_ACTIVITY",
      "NOT_FOUND",
      "seat 2",
      "seat 3",
      "seat 4 filled",
      "seat 1", // the next group, opened within the batch
      "seat 2",
      "seat 3",
      "seat 4 filled",
      "seat 1",
    ]);
    const groupsNow = await readGroups(t.db, a.id);
    expect(groupsNow.map((g) => [g.number, g.status, g.seatsTaken])).toEqual([
      [1, "full", 4],
      [2, "full", 4],
      [3, "open", 1],
    ]);
    expect(await ledgerKeyCount(t.db, `join:${tap}:pay`)).toBe(1);
    expect(await balanceOf(t.db, ok[0]!, "cash")).toBe(9 * P);
    for (const u of [poor, staff, frozen]) expect(await balanceOf(t.db, u, u === poor ? "cash" : "cash")).toBe(u === poor ? P - 1 : 10 * P);
    // Each shopper's first entry of the day is marked so (rule 1), once.
    const first = await readEntries(t.db, groupsNow[0]!.id);
    expect(first.every((e) => e.firstOfDay && e.firstEver)).toBe(true);
    // Fill notices for both full groups, 4 each.
    const [n] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM notifications WHERE kind = 'group.filled' AND payload->>'groupId' = ANY(${pgArray(groupsNow.slice(0, 2).map((g) => g.id))}::text[])`);
    expect(Number(n!.n)).toBe(8);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);

    // Retrying the whole batch changes nothing and answers each seated request as before.
    const again = await t.db.transaction((tx) => joinActivityBatch(tx, clock, a.id, requests.filter((_, i) => outcomes[i]!.ok)));
    expect(again.map((o) => (o.ok ? o.value.seat : o.error.code))).toEqual(outcomes.filter((o) => o.ok).map((o) => (o.ok ? o.value.seat : 0)));
    expect((await readGroups(t.db, a.id)).map((g) => g.seatsTaken)).toEqual([4, 4, 1]);
  });

  it("a tap reused by another shopper is a conflict, in one batch and across batches", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const [u1, u2] = await f.makeShoppers(2, { cash: 5 * P });
    const id = randomUUID();
    const [first, second] = await t.db.transaction((tx) =>
      joinActivityBatch(tx, clock, a.id, [
        { userId: u1!, itemId: a.itemId, entryId: id },
        { userId: u2!, itemId: a.itemId, entryId: id },
      ]),
    );
    expect(first!.ok).toBe(true);
    expect(second!.ok ? "ok" : second!.error.code).toBe("CONFLICT");
    const [later] = await t.db.transaction((tx) => joinActivityBatch(tx, clock, a.id, [{ userId: u2!, itemId: a.itemId, entryId: id }]));
    expect(later!.ok ? "ok" : later!.error.code).toBe("CONFLICT");
    expect(await balanceOf(t.db, u2!, "cash")).toBe(5 * P);
  });
});

describe("the same tap racing itself", () => {
  it("6 transactions with one entry id on parallel connections: one seat, one charge, all told the same seat", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const u = await f.makeShopper({ cash: 3 * P });
    const id = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => f.join(a, u, { entryId: id })));
    expect(new Set(results.map((r) => `${r.groupId}:${r.seat}`)).size).toBe(1);
    expect(await ledgerKeyCount(t.db, `join:${id}:pay`)).toBe(1);
    expect(await balanceOf(t.db, u, "cash")).toBe(2 * P);
  });
});

describe("JoinQueue + DrawScheduler under real concurrency", () => {
  it("300 joins from 100 parallel callers: batches form, every group has N seats and is drawn after its commit, money consistent", async () => {
    const N = 10;
    const a = await f.makeActivity({ priceFen: P, groupSize: N, winners: 3 });
    const users = await f.makeShoppers(100, { cash: 5 * P, credit: 300_00 });
    const draws = new DrawScheduler(t.db, clock);
    const batches: number[] = [];
    const queue = new JoinQueue(t.db, clock, { maxBatch: 32, onFilled: (id) => void draws.kick(id), onBatch: (size) => batches.push(size) });
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) => queue.join(a.id, { userId: users[i % users.length]!, itemId: a.itemId, entryId: randomUUID() })),
    );
    await draws.idle();
    const refused = results.filter((r) => r.status === "rejected").map((r) => (isDomainError((r as PromiseRejectedResult).reason) ? (r as PromiseRejectedResult).reason.code : "raw"));
    // A shopper may hold one seat per group; the only refusal allowed is a second one.
    expect(new Set(refused)).toEqual(refused.length ? new Set(["SEATS_PER_USER_REACHED"]) : new Set());
    const seated = results.filter((r) => r.status === "fulfilled").length;
    expect(seated + refused.length).toBe(300);
    expect(Math.max(...batches)).toBeGreaterThan(1);

    const groupsNow = await readGroups(t.db, a.id);
    const closed = groupsNow.filter((g) => g.status !== "open");
    expect(closed.length).toBe(Math.floor(seated / N));
    expect(closed.every((g) => g.status === "drawn" && g.seatsTaken === N && (g.winnerSeats as number[]).length === 3)).toBe(true);
    const [check] = await t.db.execute<{ gaps: string; twice: string }>(sql`
      SELECT
        (SELECT count(*) FROM (SELECT group_id FROM entries WHERE activity_id = ${a.id} GROUP BY group_id HAVING count(DISTINCT seat) <> count(*) OR max(seat) <> count(*)) x) AS gaps,
        (SELECT count(*) FROM (SELECT 1 FROM entries WHERE activity_id = ${a.id} GROUP BY group_id, user_id HAVING count(*) > 1) y) AS twice`);
    expect([Number(check!.gaps), Number(check!.twice)]).toEqual([0, 0]);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a batch that fails as a whole is retried request by request: the others still join, the bad one gets its own error", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 10, winners: 1, config: bareConfig() });
    const users = await f.makeShoppers(3, { cash: 5 * P });
    // A payment key already taken for another amount: posting it fails the whole batch's posting.
    const poisoned = randomUUID();
    await postTransfers(t.db, clock, [{ key: `join:${poisoned}:pay`, asset: "cash", from: { userId: users[0]! }, to: { platform: "group_escrow" }, amount: 1, reason: "test", ref: { type: "test", id: poisoned } }]);
    const batches: number[] = [];
    const queue = new JoinQueue(t.db, clock, { maxInFlight: 1, onBatch: (n) => batches.push(n) });
    const blocker = queue.join(a.id, { userId: users[2]!, itemId: a.itemId, entryId: randomUUID() }); // the first batch, alone
    const rest = [queue.join(a.id, { userId: users[0]!, itemId: a.itemId, entryId: poisoned }), queue.join(a.id, { userId: users[1]!, itemId: a.itemId, entryId: randomUUID() })];
    const settled = await Promise.allSettled([blocker, ...rest]);
    expect(settled.map((r) => (r.status === "fulfilled" ? `seat ${r.value.seat}` : isDomainError(r.reason) ? r.reason.code : "raw"))).toEqual(["seat 1", "IDEMPOTENCY_MISMATCH", "seat 2"]);
    expect(batches).toEqual([1, 1]); // the batch of two failed as a whole; the one that went through went alone
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  /** Holds a shopper's cash row locked in a transaction of its own until `release` is called (a draw paying them, say). */
  async function holdCash(userId: string): Promise<{ release: () => Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = t.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT id FROM ledger_accounts WHERE asset = 'cash' AND user_id = ${userId} FOR NO KEY UPDATE`);
      locked();
      await released;
    });
    await isLocked;
    return { release: async () => (release(), await holder) };
  }

  it("a batch told to defer busy cash seats the others and answers TRY_AGAIN for a shopper whose cash row is held, changing nothing for them", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 10, winners: 1, config: bareConfig() });
    const users = await f.makeShoppers(4, { cash: 5 * P });
    const hold = await holdCash(users[1]!);
    const requests = users.slice(0, 3).map((userId) => ({ userId, itemId: a.itemId, entryId: randomUUID() }));
    const outcomes = await t.db.transaction((tx) => joinActivityBatch(tx, clock, a.id, requests, { deferBusyCash: true }));
    await hold.release();
    expect(outcomes.map((o) => (o.ok ? `seat ${o.value.seat}` : o.error.code))).toEqual(["seat 1", "TRY_AGAIN", "seat 2"]);
    expect(await balanceOf(t.db, users[1]!, "cash")).toBe(5 * P);
    expect(await ledgerKeyCount(t.db, `join:${requests[1]!.entryId}:pay`)).toBe(0);
    // Without the option the batch waits for the row instead, and seats everyone.
    const hold2 = await holdCash(users[3]!);
    const waiting = t.db.transaction((tx) => joinActivityBatch(tx, clock, a.id, [{ userId: users[3]!, itemId: a.itemId, entryId: randomUUID() }]));
    const early = await Promise.race([waiting.then(() => "done"), new Promise((r) => setTimeout(() => r("waiting"), 300))]);
    expect(early).toBe("waiting");
    await hold2.release();
    const [late] = await waiting;
    expect(late!.ok).toBe(true);
  });

  it("the queue sends a deferred join again: it is seated once the cash row is free, after the others, and after 3 deferrals it waits instead", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 10, winners: 1, config: bareConfig() });
    const users = await f.makeShoppers(4, { cash: 5 * P });
    const batches: number[] = [];
    const queue = new JoinQueue(t.db, clock, { maxInFlight: 1, onBatch: (n) => batches.push(n) });
    const hold = await holdCash(users[0]!);
    const busy = queue.join(a.id, { userId: users[0]!, itemId: a.itemId, entryId: randomUUID() });
    const others = users.slice(1).map((userId) => queue.join(a.id, { userId, itemId: a.itemId, entryId: randomUUID() }));
    const seatsOfOthers = (await Promise.all(others)).map((r) => r.seat);
    // Deferred three times, the fourth batch waits on the row; releasing it lets the join through.
    await new Promise((r) => setTimeout(r, 200));
    await hold.release();
    const seat = (await busy).seat;
    expect(seat).toBeGreaterThan(Math.max(...seatsOfOthers));
    expect(await balanceOf(t.db, users[0]!, "cash")).toBe(4 * P);
    // The busy join alone (deferred), with the others (deferred again, they are seated), alone (deferred a
    // third time), then alone in a batch that waits for the row: each join counted once, where it was seated.
    expect(batches).toEqual([0, 3, 0, 1]);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a kick while the drawing loop runs draws what filled meanwhile; idle() waits for it", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, config: bareConfig() });
    const users = await f.makeShoppers(4, { cash: 5 * P });
    const draws = new DrawScheduler(t.db, clock);
    await f.joinAll(a, users.slice(0, 2));
    // Hold the activity's draw lock so the loop is certainly still running when the second group fills.
    let release!: () => void;
    let held!: () => void;
    const lockHeld = new Promise<void>((r) => (held = r));
    const holder = t.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"draw:" + a.id}, 0))`);
      held();
      await new Promise<void>((r) => (release = r));
    });
    await lockHeld;
    const loop = draws.kick(a.id);
    await f.joinAll(a, users.slice(2, 4));
    expect(draws.kick(a.id)).toBe(loop); // the same loop, told to go round again
    release();
    await holder;
    await draws.idle();
    expect((await readGroups(t.db, a.id)).map((g) => g.status)).toEqual(["drawn", "drawn", "open"]);
  });
});

describe("drawGroups: several full groups in one transaction", () => {
  it("draws 20 full groups oldest first with rules 3–5 carried from group to group, exactly as one at a time would", async () => {
    const N = 4;
    const config = bareConfig({ rules: { winStreak: { on: true, x: 2, y: 1 }, totalWins: { on: true, x: 3, y: 2 }, windowCap: { on: true, x: 3, z: 1 } } });
    const a = await f.makeActivity({ priceFen: P, groupSize: N, winners: 2, fullConfig: config });
    const users = await f.makeShoppers(5, { cash: 100 * P });
    // 20 groups with overlapping shoppers, none drawn yet.
    for (let g = 0; g < 20; g++) await f.joinAll(a, [0, 1, 2, 3].map((i) => users[(g + i) % users.length]!));
    const full = (await readGroups(t.db, a.id)).filter((g) => g.status === "full");
    expect(full).toHaveLength(20);

    // The expected result, one group at a time, from the pure rules and each group's seed.
    const rules = ActivityConfigSchema.parse(full[0]!.config).rules;
    const counters = new Map<string, DrawCounters>();
    const expected: number[][] = [];
    for (const g of full) {
      const rows = (await readEntries(t.db, g.id)).sort((x, y) => x.seat - y.seat);
      const { eligibility, counters: after } = evaluateEligibility(rules, rows, counters);
      const ok = new Map(eligibility.map((e) => [e.seat, e.eligible]));
      const r = drawWinners({ seedHex: g.seedHex, groupId: g.id, k: 2, policy: "random", entries: rows.map((e) => ({ seat: e.seat, userId: e.userId, eligible: ok.get(e.seat)! })) });
      const won = new Set(r.winners);
      for (const [u, c] of applyOutcomes(rules, rows.map((e) => ({ seat: e.seat, userId: e.userId, won: won.has(e.seat), wasEligible: ok.get(e.seat)! })), after)) counters.set(u, c);
      expected.push(r.winners);
    }

    const closed = await drawPendingGroups(t.db, clock, a.id);
    expect(closed).toEqual(full.map((g) => g.id)); // two transactions (16 + 4), in group order
    const after = await readGroups(t.db, a.id);
    expect(after.filter((g) => g.status === "drawn").map((g) => g.winnerSeats)).toEqual(expected);
    const stored = await t.db.execute<{ user_id: string; consecutive_wins: number; streak_block_left: number; wins_in_period: number; total_block_left: number; window_entries: number; window_wins: number }>(
      sql`SELECT * FROM draw_counters WHERE activity_id = ${a.id}`,
    );
    for (const s of stored) {
      expect(counters.get(s.user_id)).toEqual({
        consecutiveWins: s.consecutive_wins,
        streakBlockLeft: s.streak_block_left,
        winsInPeriod: s.wins_in_period,
        totalBlockLeft: s.total_block_left,
        windowEntries: s.window_entries,
        windowWins: s.window_wins,
      });
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

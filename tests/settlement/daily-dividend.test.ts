/**
 * 日分红 (spec §4): the pool of day D (Σ W-E of D's winning entries) is paid in cash to D's winners
 * pro rata to their winning amounts, rounded down, remainder to the platform — once per day,
 * whether run twice, by two workers at once, or again after a crash half-way. A win is D's when its
 * group was drawn on D (Asia/Shanghai), whatever day its entry joined.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { runDailyDividend } from "@/server/domain/settlement/daily-dividend";
import { runDailySettlement } from "@/server/domain/settlement/run-daily-settlement";
import { listRunPayouts } from "@/server/domain/settlement/list-settlement-runs";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUsers } from "../helpers/factories";
import { configWith, groupFixtures, platformBalance } from "../helpers/group-fixtures";
import { balancesByUser, countKeys, syntheticEntries, type SyntheticEntry } from "./fixtures";

let t: TestDb;
// 2026-11-24 10:00 in Shanghai.
const clock = new FixedClock("2026-11-24T02:00:00Z");
// After every synthetic day below: a day is settled only once it is over.
const later = new FixedClock("2035-01-01T00:00:00Z");
let insertEntries: Awaited<ReturnType<typeof syntheticEntries>>;

beforeAll(async () => {
  t = await createTestDb({ max: 8 });
  insertEntries = await syntheticEntries(t.db, clock);
});
afterAll(() => t?.drop());

let dayNo = 0;
/** A fresh business day per case, so cases never share a run key. */
const freshDay = () => {
  const d = new Date(Date.UTC(2030, 0, 1) + dayNo++ * 86_400_000);
  return d.toISOString().slice(0, 10);
};
const dayAfter = (day: string) => new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
/** An instant given as Shanghai wall time (UTC+8, no DST). */
const shanghai = (wall: string) => new Date(`${wall}+08:00`);
const runOf = async (day: string) =>
  (await t.db.execute<{ pool_fen: string; paid_fen: string; remainder_fen: string }>(sql`SELECT pool_fen, paid_fen, remainder_fen FROM settlement_runs WHERE run_key = ${"daily-dividend:" + day}`))[0];

describe("daily dividend", () => {
  it("pays yesterday's winners after a real draw, at 00:00 Shanghai while the server runs in UTC", async () => {
    const g = groupFixtures(t.db, clock);
    const activity = await g.makeActivity({ priceFen: 1999, config: configWith({}) });
    const users = await g.makeShoppers(10, { cash: 5000 });
    await g.fillAndDraw(activity, users);
    const before = await balancesByUser(t.db, "cash", users);
    const [{ n: winners } = { n: "0" }] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM entries WHERE activity_id = ${activity.id} AND outcome = 'won'`);
    expect(Number(winners)).toBe(3);

    // 2026-11-25 00:00 in Shanghai is 2026-11-24 16:00 UTC: the job settles 2026-11-24.
    const midnight = new FixedClock("2026-11-24T16:00:00Z");
    const out = await runDailySettlement(t.db, midnight);
    expect(out.day).toBe("2026-11-24");
    expect(out.releasedFen).toBeNull(); // static release is off by default
    const pool = 3 * Math.floor((1999 * 1000) / 10_000);
    const [run] = await t.db.execute<{ pool_fen: string; paid_fen: string; remainder_fen: string; status: string }>(sql`SELECT * FROM settlement_runs WHERE run_key = 'daily-dividend:2026-11-24'`);
    expect(run?.status).toBe("done");
    expect(Number(run?.pool_fen)).toBe(pool);
    expect(Number(run?.paid_fen) + Number(run?.remainder_fen)).toBe(pool);
    const after = await balancesByUser(t.db, "cash", users);
    const gained = users.reduce((s, u) => s + (after.get(u)! - before.get(u)!), 0);
    expect(gained).toBe(Number(run?.paid_fen));
    // Three equal winners of 199 each: 597 / 3.
    expect(Number(run?.paid_fen)).toBe(pool);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);

    // The next midnight's run for the same day pays nothing more.
    const again = await runDailyDividend(t.db, midnight, { day: "2026-11-24" });
    expect(again.ranNow).toBe(false);
    expect(await balancesByUser(t.db, "cash", users)).toEqual(after);
  });

  it("a group filled on D and drawn at 00:30 on D+1 is paid by D+1's run, not D's", async () => {
    // D = 2026-12-01: ten joins at 23:50, the draw at 00:30 on 12-02, after D's 00:00 run.
    const joinClock = new FixedClock(shanghai("2026-12-01T23:50:00"));
    const g = groupFixtures(t.db, joinClock);
    const activity = await g.makeActivity({ priceFen: 1999, config: configWith({}) });
    const users = await g.makeShoppers(10, { cash: 5000 });
    await g.joinAll(activity, users);
    expect((await runDailyDividend(t.db, new FixedClock(shanghai("2026-12-02T00:00:00")), { day: "2026-12-01" })).run.poolFen).toBe(0);

    await g.drawAll(activity.id, new FixedClock(shanghai("2026-12-02T00:30:00")));
    const won = await t.db.execute<{ business_day: string; user_id: string }>(sql`SELECT business_day, user_id FROM entries WHERE activity_id = ${activity.id} AND outcome = 'won'`);
    expect(won.map((w) => w.business_day)).toEqual(["2026-12-01", "2026-12-01", "2026-12-01"]);
    const before = await balancesByUser(t.db, "cash", users);

    // D's run stays as it was; D+1's run pays the three wins.
    expect((await runDailyDividend(t.db, new FixedClock(shanghai("2026-12-03T09:00:00")), { day: "2026-12-01" })).ranNow).toBe(false);
    const next = await runDailyDividend(t.db, new FixedClock(shanghai("2026-12-03T00:00:00")), { day: "2026-12-02" });
    const pool = 3 * Math.floor((1999 * 1000) / 10_000);
    expect(next.run).toMatchObject({ poolFen: pool, paidFen: pool, remainderFen: 0, payees: 3 });
    const after = await balancesByUser(t.db, "cash", users);
    for (const u of users) expect(after.get(u)! - before.get(u)!).toBe(won.some((w) => w.user_id === u) ? pool / 3 : 0);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a win drawn at 23:59:59 Shanghai is in that day's run while the server runs in UTC", async () => {
    expect(new Date().getTimezoneOffset()).toBe(0); // vitest's env: TZ=UTC
    // 2026-12-05 23:59:59 in Shanghai is 15:59:59 UTC, still 2026-12-05 in UTC too; 2026-12-06 00:00:01
    // in Shanghai is 2026-12-05 in UTC but 2026-12-06 in business time.
    const g = groupFixtures(t.db, new FixedClock(shanghai("2026-12-05T23:00:00")));
    const late = await g.makeActivity({ priceFen: 1000, config: configWith({}) });
    const early = await g.makeActivity({ priceFen: 3000, config: configWith({}) });
    await g.joinAll(late, await g.makeShoppers(10, { cash: 5000 }));
    await g.joinAll(early, await g.makeShoppers(10, { cash: 5000 }));
    await g.drawAll(late.id, new FixedClock(shanghai("2026-12-05T23:59:59")));
    await g.drawAll(early.id, new FixedClock(shanghai("2026-12-06T00:00:01")));

    await expect(runDailyDividend(t.db, new FixedClock(shanghai("2026-12-05T23:59:59.999")), { day: "2026-12-05" })).rejects.toMatchObject({ code: "SETTLEMENT_DAY_NOT_OVER" });
    expect(await runOf("2026-12-05")).toBeUndefined();
    const out = await runDailySettlement(t.db, new FixedClock(shanghai("2026-12-06T00:00:00")));
    expect(out.day).toBe("2026-12-05");
    expect(await runOf("2026-12-05")).toMatchObject({ pool_fen: String(3 * 100) });
    await runDailySettlement(t.db, new FixedClock(shanghai("2026-12-07T00:00:00")));
    expect(await runOf("2026-12-06")).toMatchObject({ pool_fen: String(3 * 300) });
  });

  it("nothing is lost across consecutive days: the two runs' pools are all the W-E of the wins drawn over them (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            user: fc.integer({ min: 0, max: 3 }),
            joinedDaysBefore: fc.integer({ min: 0, max: 2 }),
            // Draw instants over the two days, midnights and last milliseconds included.
            drawnMs: fc.oneof(fc.integer({ min: 0, max: 2 * 86_400_000 - 1 }), fc.constantFrom(0, 86_400_000 - 1, 86_400_000, 2 * 86_400_000 - 1)),
            priceFen: fc.integer({ min: 1, max: 100_000 }),
            poolFen: fc.integer({ min: 0, max: 10_000 }),
            won: fc.boolean(),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        async (gen) => {
          const d1 = freshDay();
          const d2 = freshDay();
          expect(d2).toBe(dayAfter(d1));
          const start = shanghai(`${d1}T00:00:00`).getTime();
          const users = (await createUsers(t.db, 4)).map((u) => u.id);
          const rows: SyntheticEntry[] = gen.map((e) => ({
            userId: users[e.user]!,
            day: new Date(Date.parse(d1) - e.joinedDaysBefore * 86_400_000).toISOString().slice(0, 10),
            priceFen: e.priceFen,
            dividendPoolFen: e.won ? e.poolFen : 0,
            outcome: e.won ? "won" : "lost",
            drawnAt: new Date(start + e.drawnMs),
          }));
          await insertEntries(rows);
          const first = await runDailyDividend(t.db, later, { day: d1 });
          const second = await runDailyDividend(t.db, later, { day: d2 });
          const poolOf = (from: number, to: number) => gen.filter((e) => e.won && e.drawnMs >= from && e.drawnMs < to).reduce((s, e) => s + e.poolFen, 0);
          expect(first.run.poolFen).toBe(poolOf(0, 86_400_000));
          expect(second.run.poolFen).toBe(poolOf(86_400_000, 2 * 86_400_000));
          expect(first.run.poolFen + second.run.poolFen).toBe(gen.filter((e) => e.won).reduce((s, e) => s + e.poolFen, 0));
          expect(first.run.paidFen + first.run.remainderFen + second.run.paidFen + second.run.remainderFen).toBe(first.run.poolFen + second.run.poolFen);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a draw stamped before midnight and still committing when the run starts is in the run", async () => {
    const day = freshDay();
    const [user] = (await createUsers(t.db, 1)).map((u) => u.id);
    // Its group is not yet drawn in the day (closed in the far future), until the transaction below commits.
    await insertEntries([{ userId: user!, day, priceFen: 1000, dividendPoolFen: 100, outcome: "won", drawnAt: new Date("2099-01-01T00:00:00Z") }]);
    const [{ group_id: groupId } = { group_id: "" }] = await t.db.execute<{ group_id: string }>(sql`SELECT group_id FROM entries WHERE user_id = ${user!}`);
    let locked!: () => void;
    let commit!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const mayCommit = new Promise<void>((r) => (commit = r));
    const draw = t.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1 FROM groups WHERE id = ${groupId} FOR UPDATE`);
      locked();
      await mayCommit;
      const justBefore = new Date(shanghai(`${dayAfter(day)}T00:00:00`).getTime() - 1).toISOString();
      await tx.execute(sql`UPDATE groups SET closed_at = ${justBefore}::timestamptz WHERE id = ${groupId}`);
    });
    await isLocked;
    let settled = false;
    const run = runDailyDividend(t.db, later, { day }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    commit();
    await draw;
    expect((await run).run).toMatchObject({ poolFen: 100, paidFen: 100, payees: 1 });
  });

  it("sum paid + remainder = pool; each share is the exact share rounded down (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ user: fc.integer({ min: 0, max: 5 }), priceFen: fc.integer({ min: 1, max: 100_000 }), weBp: fc.integer({ min: 0, max: 10_000 }), won: fc.boolean() }),
          { minLength: 0, maxLength: 15 },
        ),
        async (gen) => {
          const day = freshDay();
          const users = (await createUsers(t.db, 6)).map((u) => u.id);
          const rows: SyntheticEntry[] = gen.map((e) => ({
            userId: users[e.user]!,
            day,
            priceFen: e.priceFen,
            dividendPoolFen: e.won ? Math.floor((e.priceFen * e.weBp) / 10_000) : 0,
            outcome: e.won ? "won" : "lost",
          }));
          await insertEntries(rows);
          const { run, ranNow } = await runDailyDividend(t.db, later, { day });
          expect(ranNow).toBe(true);

          const won = rows.filter((r) => r.outcome === "won");
          const pool = won.reduce((s, r) => s + r.dividendPoolFen, 0);
          const basis = new Map<string, number>();
          for (const r of won) basis.set(r.userId, (basis.get(r.userId) ?? 0) + r.priceFen);
          const total = [...basis.values()].reduce((a, b) => a + b, 0);
          const cash = await balancesByUser(t.db, "cash", users);
          let paid = 0;
          for (const u of users) {
            const b = basis.get(u) ?? 0;
            const expected = pool > 0 && b > 0 ? Number((BigInt(pool) * BigInt(b)) / BigInt(total)) : 0;
            expect(cash.get(u)).toBe(expected);
            paid += expected;
          }
          expect(run.poolFen).toBe(pool);
          expect(run.paidFen).toBe(paid);
          expect(run.paidFen + run.remainderFen).toBe(pool);
          expect(run.remainderFen).toBeGreaterThanOrEqual(0);
          expect(run.remainderFen).toBeLessThan(Math.max(1, basis.size));
        },
      ),
      { numRuns: 40 },
    );
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("re-running pays nothing more", async () => {
    const day = freshDay();
    const users = (await createUsers(t.db, 3)).map((u) => u.id);
    await insertEntries(users.map((userId, i) => ({ userId, day, priceFen: 1000 * (i + 1), dividendPoolFen: 100 * (i + 1), outcome: "won" as const })));
    const first = await runDailyDividend(t.db, later, { day });
    const cash = await balancesByUser(t.db, "cash", users);
    for (let i = 0; i < 3; i++) {
      const again = await runDailyDividend(t.db, later, { day });
      expect(again.ranNow).toBe(false);
      expect(again.run.id).toBe(first.run.id);
    }
    expect(await balancesByUser(t.db, "cash", users)).toEqual(cash);
    expect(await countKeys(t.db, `daily-dividend:${day}:`)).toBe(3);
    const page = await listRunPayouts(t.db, { runId: first.run.id, limit: 2 });
    expect(page.items).toHaveLength(2);
    const rest = await listRunPayouts(t.db, { runId: first.run.id, cursor: page.nextCursor ?? undefined, limit: 2 });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect([...page.items, ...rest.items].reduce((s, p) => s + p.amountFen, 0)).toBe(first.run.paidFen);
  });

  it("two workers running the same day at once pay once", async () => {
    const day = freshDay();
    const users = (await createUsers(t.db, 20)).map((u) => u.id);
    await insertEntries(users.map((userId, i) => ({ userId, day, priceFen: 500 + i, dividendPoolFen: 50 + i, outcome: "won" as const })));
    const outs = await Promise.all([0, 1, 2, 3].map(() => runDailyDividend(t.db, later, { day })));
    expect(outs.filter((o) => o.ranNow)).toHaveLength(1);
    expect(new Set(outs.map((o) => o.run.id)).size).toBe(1);
    expect(await countKeys(t.db, `daily-dividend:${day}:`)).toBe(20);
    const cash = await balancesByUser(t.db, "cash", users);
    expect([...cash.values()].reduce((a, b) => a + b, 0)).toBe(outs[0]!.run.paidFen);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  for (const step of ["payouts", "posted"]) {
    it(`a crash after step "${step}" pays nothing; the re-run pays exactly once`, async () => {
      const day = freshDay();
      const users = (await createUsers(t.db, 4)).map((u) => u.id);
      await insertEntries(users.map((userId, i) => ({ userId, day, priceFen: 999 * (i + 1), dividendPoolFen: 333 + i, outcome: "won" as const })));
      const crash = (s: string) => {
        if (s === step) throw new Error(`injected crash after ${s}`);
      };
      await expect(runDailyDividend(t.db, later, { day, onStep: crash })).rejects.toThrow("injected crash");
      const [failed] = await t.db.execute<{ status: string; error: string }>(sql`SELECT status, error FROM settlement_runs WHERE run_key = ${"daily-dividend:" + day}`);
      expect(failed?.status).toBe("failed");
      expect(await countKeys(t.db, `daily-dividend:${day}:`)).toBe(0);
      expect([...(await balancesByUser(t.db, "cash", users)).values()]).toEqual([0, 0, 0, 0]);

      const rerun = await runDailyDividend(t.db, later, { day });
      expect(rerun.ranNow).toBe(true);
      expect(rerun.run.status).toBe("done");
      expect(await countKeys(t.db, `daily-dividend:${day}:`)).toBe(4);
      expect((await runDailyDividend(t.db, later, { day })).ranNow).toBe(false);
      const cash = await balancesByUser(t.db, "cash", users);
      expect([...cash.values()].reduce((a, b) => a + b, 0)).toBe(rerun.run.paidFen);
      expect(rerun.run.paidFen + rerun.run.remainderFen).toBe(333 + 334 + 335 + 336);
      expect(await checkLedgerInvariants(t.db)).toEqual([]);
    });
  }

  it("a day without winners records a run with an empty pool", async () => {
    const day = freshDay();
    const { run } = await runDailyDividend(t.db, later, { day });
    expect(run).toMatchObject({ status: "done", poolFen: 0, paidFen: 0, remainderFen: 0, payees: 0 });
  });

  it("the dividend is paid from rewards_expense", async () => {
    expect(await platformBalance(t.db, "rewards_expense", "cash")).toBeLessThan(0);
  });
});

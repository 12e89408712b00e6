/**
 * 日分红 (spec §4): the pool of day D (Σ W-E of D's winning entries) is paid in cash to D's winners
 * pro rata to their winning amounts, rounded down, remainder to the platform — once per day,
 * whether run twice, by two workers at once, or again after a crash half-way.
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
          const { run, ranNow } = await runDailyDividend(t.db, clock, { day });
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
    const first = await runDailyDividend(t.db, clock, { day });
    const cash = await balancesByUser(t.db, "cash", users);
    for (let i = 0; i < 3; i++) {
      const again = await runDailyDividend(t.db, clock, { day });
      expect(again.ranNow).toBe(false);
      expect(again.run.id).toBe(first.run.id);
    }
    expect(await balancesByUser(t.db, "cash", users)).toEqual(cash);
    expect(await countKeys(t.db, `daily-dividend:${day}:`)).toBe(3);
    const page = await listRunPayouts(t.db, { runId: first.run.id, limit: 2 });
    expect(page.items).toHaveLength(2);
    const rest = await listRunPayouts(t.db, { runId: first.run.id, afterUserId: page.nextCursor ?? undefined, limit: 2 });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect([...page.items, ...rest.items].reduce((s, p) => s + p.amountFen, 0)).toBe(first.run.paidFen);
  });

  it("two workers running the same day at once pay once", async () => {
    const day = freshDay();
    const users = (await createUsers(t.db, 20)).map((u) => u.id);
    await insertEntries(users.map((userId, i) => ({ userId, day, priceFen: 500 + i, dividendPoolFen: 50 + i, outcome: "won" as const })));
    const outs = await Promise.all([0, 1, 2, 3].map(() => runDailyDividend(t.db, clock, { day })));
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
      await expect(runDailyDividend(t.db, clock, { day, onStep: crash })).rejects.toThrow("injected crash");
      const [failed] = await t.db.execute<{ status: string; error: string }>(sql`SELECT status, error FROM settlement_runs WHERE run_key = ${"daily-dividend:" + day}`);
      expect(failed?.status).toBe("failed");
      expect(await countKeys(t.db, `daily-dividend:${day}:`)).toBe(0);
      expect([...(await balancesByUser(t.db, "cash", users)).values()]).toEqual([0, 0, 0, 0]);

      const rerun = await runDailyDividend(t.db, clock, { day });
      expect(rerun.ranNow).toBe(true);
      expect(rerun.run.status).toBe("done");
      expect(await countKeys(t.db, `daily-dividend:${day}:`)).toBe(4);
      expect((await runDailyDividend(t.db, clock, { day })).ranNow).toBe(false);
      const cash = await balancesByUser(t.db, "cash", users);
      expect([...cash.values()].reduce((a, b) => a + b, 0)).toBe(rerun.run.paidFen);
      expect(rerun.run.paidFen + rerun.run.remainderFen).toBe(333 + 334 + 335 + 336);
      expect(await checkLedgerInvariants(t.db)).toEqual([]);
    });
  }

  it("a day without winners records a run with an empty pool", async () => {
    const day = freshDay();
    const { run } = await runDailyDividend(t.db, clock, { day });
    expect(run).toMatchObject({ status: "done", poolFen: 0, paidFen: 0, remainderFen: 0, payees: 0 });
  });

  it("the dividend is paid from rewards_expense", async () => {
    expect(await platformBalance(t.db, "rewards_expense", "cash")).toBeLessThan(0);
  });
});

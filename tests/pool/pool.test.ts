/**
 * Pool moves (whole hundreds, by phase, replayable) and the monthly profit share (weighted by pool
 * points, rounded down, remainder to the platform, once per month), with ledger and pool invariants.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, readUserBalances } from "@/server/domain/ledger";
import { movePoolPoints } from "@/server/domain/pool/move-pool-points";
import { settlePoolMonth } from "@/server/domain/pool/settle-pool-month";
import { checkPoolInvariants } from "@/server/domain/pool/check-pool-invariants";
import { listPoolHistory, readPoolSummary } from "@/server/domain/pool/read-pool";
import { writeSettlementSetting } from "@/server/domain/settlement/settlement-settings";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { TEST_ACTOR } from "../helpers/group-fixtures";

let t: TestDb;
const sh = (wall: string) => new Date(`${wall}+08:00`);
const clock = new FixedClock(sh("2026-11-03T10:00:00"));

beforeAll(async () => {
  t = await createTestDb({ max: 8 });
});
afterAll(() => t?.drop());

async function shopperWithPoints(points: number): Promise<string> {
  const u = await createUser(t.db, { clock });
  if (points > 0) await fund(t.db, clock, u.id, "divPoints", points);
  return u.id;
}
const move = (userId: string, direction: "in" | "out", points: number, at: Date, moveId = randomUUID()) =>
  t.db.transaction((tx) => movePoolPoints(tx, new FixedClock(at), { userId, direction, points, moveId }));
const codeOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (isDomainError(e) ? e.code : e));
const holding = async (userId: string) => {
  const [r] = await t.db.execute<{ points: string }>(sql`SELECT points FROM pool_holdings WHERE user_id = ${userId}`);
  return Number(r?.points ?? 0);
};
const expectInvariants = async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
  expect(await checkPoolInvariants(t.db)).toEqual([]);
};

describe("pool moves", () => {
  it("moves in and out in whole hundreds; divPoints stay in the ledger", async () => {
    const u = await shopperWithPoints(1000);
    await move(u, "in", 700, sh("2026-11-03T10:00:00"));
    expect(await holding(u)).toBe(700);
    expect((await readUserBalances(t.db, u)).divPoints).toBe(300);
    await move(u, "out", 200, sh("2026-11-03T10:00:00"));
    expect(await holding(u)).toBe(500);
    expect((await readUserBalances(t.db, u)).divPoints).toBe(500);
    await expectInvariants();
  });

  it("refuses moves that are not whole hundreds, more than held, or more than owned", async () => {
    const u = await shopperWithPoints(1000);
    const at = sh("2026-11-03T10:00:00");
    expect(await codeOf(move(u, "in", 150, at))).toBe("POOL_NOT_HUNDREDS");
    expect(await codeOf(move(u, "in", 0, at))).toBe("AMOUNT_OUT_OF_RANGE");
    expect(await codeOf(move(u, "in", 1100, at))).toBe("INSUFFICIENT_BALANCE");
    await move(u, "in", 300, at);
    expect(await codeOf(move(u, "out", 400, at))).toBe("INSUFFICIENT_BALANCE");
    expect(await holding(u)).toBe(300);
    await expectInvariants();
  });

  it("day 5 → 6: out closes at midnight Shanghai; day 24 → 25: in closes; the 1st reopens both", async () => {
    const u = await shopperWithPoints(2000);
    await move(u, "in", 500, sh("2026-11-05T23:59:59.999"));
    await move(u, "out", 100, sh("2026-11-05T23:59:59.999"));
    expect(await codeOf(move(u, "out", 100, sh("2026-11-06T00:00:00")))).toBe("POOL_OUT_CLOSED");
    await move(u, "in", 100, sh("2026-11-06T00:00:00"));
    await move(u, "in", 100, sh("2026-11-24T23:59:59.999"));
    expect(await codeOf(move(u, "in", 100, sh("2026-11-25T00:00:00")))).toBe("POOL_FROZEN");
    expect(await codeOf(move(u, "out", 100, sh("2026-11-30T23:59:59.999")))).toBe("POOL_OUT_CLOSED");
    await move(u, "out", 100, sh("2026-12-01T00:00:00"));
    expect(await holding(u)).toBe(500);
    await expectInvariants();
  });

  it("a repeated move id replays the first move; a different move under it is refused", async () => {
    const u = await shopperWithPoints(1000);
    const id = randomUUID();
    const at = sh("2026-11-03T10:00:00");
    const first = await move(u, "in", 200, at, id);
    const again = await move(u, "in", 200, at, id);
    expect(again.replayed).toBe(true);
    expect(again.move.id).toBe(first.move.id);
    expect(await codeOf(move(u, "in", 300, at, id))).toBe("IDEMPOTENCY_MISMATCH");
    expect(await holding(u)).toBe(200);
    const history = await listPoolHistory(t.db, u, 10);
    expect(history.map((h) => [h.kind, h.points])).toEqual([["in", 200]]);
  });

  it("staff and frozen users cannot move", async () => {
    const staff = await createUser(t.db, { clock, role: "finance" });
    const frozen = await createUser(t.db, { clock, frozen: true });
    expect(await codeOf(move(staff.id, "in", 100, sh("2026-11-03T10:00:00")))).toBe("FORBIDDEN");
    expect(await codeOf(move(frozen.id, "in", 100, sh("2026-11-03T10:00:00")))).toBe("ACCOUNT_FROZEN");
  });
});

describe("monthly pool settlement", () => {
  let monthNo = 0;
  /** A settlement instant in a fresh month (day 27, frozen) so each case has its own run key. */
  const freshSettlementClock = () => {
    const m = monthNo++;
    const y = 2040 + Math.floor(m / 12);
    const mm = String((m % 12) + 1).padStart(2, "0");
    return new FixedClock(sh(`${y}-${mm}-27T09:00:00`));
  };

  /** Clears holdings by moving every holder out on day 1 of the settlement's month. */
  async function emptyPool(at: Date) {
    const rows = await t.db.execute<{ user_id: string; points: string }>(sql`SELECT user_id, points FROM pool_holdings WHERE points > 0`);
    for (const r of rows) await move(r.user_id, "out", Number(r.points), at);
  }

  it("refuses to settle outside days 25–end", async () => {
    expect(await codeOf(settlePoolMonth(t.db, new FixedClock(sh("2026-11-24T23:59:59")), TEST_ACTOR, { profitFen: 1000 }))).toBe("POOL_SETTLEMENT_CLOSED");
  });

  it("pays profit × ratio × points / all points, rounded down; paid + remainder = the share; once per month (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 0, maxLength: 5 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        async (hundreds, profitFen, shareRatioBp) => {
          const settleAt = freshSettlementClock();
          const day1 = new Date(settleAt.now().getTime() - 26 * 86_400_000);
          await emptyPool(day1);
          const users: string[] = [];
          for (const h of hundreds) {
            const u = await shopperWithPoints(h * 100);
            await move(u, "in", h * 100, day1);
            users.push(u);
          }
          await writeSettlementSetting(t.db, settleAt, TEST_ACTOR, "pool", { shareRatioBp });
          const before = await Promise.all(users.map(async (u) => (await readUserBalances(t.db, u)).cash));
          const { run, ranNow } = await settlePoolMonth(t.db, settleAt, TEST_ACTOR, { profitFen });
          expect(ranNow).toBe(true);
          const total = hundreds.reduce((a, b) => a + b * 100, 0);
          const share = Math.floor((profitFen * shareRatioBp) / 10_000);
          let paid = 0;
          for (let i = 0; i < users.length; i++) {
            const expected = Number((BigInt(profitFen) * BigInt(shareRatioBp) * BigInt(hundreds[i]! * 100)) / (10_000n * BigInt(total)));
            expect((await readUserBalances(t.db, users[i]!)).cash - before[i]!).toBe(expected);
            paid += expected;
          }
          expect(run.poolFen).toBe(share);
          expect(run.paidFen).toBe(paid);
          expect(run.paidFen + run.remainderFen).toBe(share);
          // Once per month: a second settlement (even with another profit) pays nothing.
          const again = await settlePoolMonth(t.db, settleAt, TEST_ACTOR, { profitFen: profitFen + 1 });
          expect(again.ranNow).toBe(false);
          // Points stay in the pool.
          for (let i = 0; i < users.length; i++) expect(await holding(users[i]!)).toBe(hundreds[i]! * 100);
        },
      ),
      { numRuns: 15 },
    );
    await expectInvariants();
  });

  /** A fresh settlement month at this share ratio, with only two holders: a with 300 points, b with 700. */
  async function twoHolders(shareRatioBp: number) {
    await writeSettlementSetting(t.db, clock, TEST_ACTOR, "pool", { shareRatioBp });
    const settleAt = freshSettlementClock();
    const day1 = new Date(settleAt.now().getTime() - 26 * 86_400_000);
    await emptyPool(day1);
    const a = await shopperWithPoints(300);
    const b = await shopperWithPoints(700);
    await move(a, "in", 300, day1);
    await move(b, "in", 700, day1);
    return { settleAt, a, b };
  }

  it("two finance operators settling at once pay once; a crash then a re-run pays once", async () => {
    const { settleAt, a, b } = await twoHolders(10_000);
    await expect(settlePoolMonth(t.db, settleAt, TEST_ACTOR, { profitFen: 1001, onStep: (s) => { if (s === "posted") throw new Error("injected crash"); } })).rejects.toThrow("injected crash");
    expect((await readUserBalances(t.db, a)).cash).toBe(0);
    const outs = await Promise.all([0, 1, 2].map(() => settlePoolMonth(t.db, settleAt, TEST_ACTOR, { profitFen: 1001 })));
    expect(outs.filter((o) => o.ranNow)).toHaveLength(1);
    expect((await readUserBalances(t.db, a)).cash).toBe(300);
    expect((await readUserBalances(t.db, b)).cash).toBe(700);
    expect(outs[0]!.run.remainderFen).toBe(1);

    const summary = await readPoolSummary(t.db, settleAt, a);
    expect(summary).toMatchObject({ phase: "frozen", myPoints: 300, totalPoints: 1000, shareBp: 3000 });
    expect(summary.estimate?.payoutFen).toBe(300);
    const history = await listPoolHistory(t.db, a, 10);
    expect(history[0]).toMatchObject({ kind: "settlement", amountFen: 300, points: 300 });
    await expectInvariants();
  });

  it("the pool page's estimate at a share ratio below 100 % is what the settlement pays, rounded down once", async () => {
    // 33.33 %: the pool is ⌊1001 × 0.3333⌋ = 333, and a's payout ⌊1001 × 0.3333 × 300 / 1000⌋ = 100,
    // where the pool's share rounded again would give ⌊333 × 300 / 1000⌋ = 99.
    const { settleAt, a, b } = await twoHolders(3333);
    const { run } = await settlePoolMonth(t.db, settleAt, TEST_ACTOR, { profitFen: 1001 });
    expect(run).toMatchObject({ poolFen: 333, paidFen: 333 });
    expect((await readUserBalances(t.db, a)).cash).toBe(100);

    const summary = await readPoolSummary(t.db, settleAt, a);
    expect(summary).toMatchObject({ shareRatioBp: 3333, shareBp: 3000 });
    expect(summary.estimate).toEqual({ basedOnMonth: run.period, profitFen: 1001, payoutFen: 100 });
    expect((await readPoolSummary(t.db, settleAt, b)).estimate?.payoutFen).toBe(233);
    await writeSettlementSetting(t.db, clock, TEST_ACTOR, "pool", { shareRatioBp: 10_000 });
  });
});

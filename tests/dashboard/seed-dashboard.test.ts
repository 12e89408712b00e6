import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemoData } from "@/scripts/seed/seed";
import { readDashboard } from "@/server/domain/dashboard/read-dashboard";
import { resolveDashboardRange } from "@/server/domain/dashboard/dashboard-range";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { drawWinners } from "@/server/domain/draw/pinpin-draw-v1";
import { readGroupProof } from "@/server/domain/groups/read-group-proof";
import { ORDER_STATUSES } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { ledgerFiguresOfDay, ledgerLiabilities } from "./ledger-truth";

let t: TestDb;
// 10:00 in Shanghai.
const clock = new FixedClock("2026-12-05T02:00:00Z");
beforeAll(async () => {
  // As `npm start` seeds: commits need not wait for the disk.
  t = await createTestDb({ synchronousCommit: false });
});
afterAll(() => t.drop());

it("seeds two weeks of history for the dashboard, snapshotted, equal to the ledger; a second run changes nothing", async () => {
  const said: string[] = [];
  await seedDemoData(t.db, clock, (line) => said.push(line));
  expect(said.join("\n")).toMatch(/^Seeded 14 days of history in [\d.]+ s: 200 shoppers/);
  const count = async () => (await t.db.execute<{ n: string }>(sql`SELECT (SELECT count(*) FROM ledger_entries) + (SELECT count(*) FROM dashboard_days) + (SELECT count(*) FROM users) AS n`))[0]?.n;
  const before = await count();
  await seedDemoData(t.db, clock, (line) => said.push(line));
  expect(await count()).toBe(before);
  expect(said).toHaveLength(1);
  expect(await checkLedgerInvariants(t.db)).toEqual([]);

  const d = await t.db.transaction((tx) => readDashboard(tx, clock, resolveDashboardRange(clock.now(), "30d")));
  expect(d.lastSnapshotDay).toBe("2026-12-04");
  expect(d.reconciliation?.ok).toBe(true);
  expect(d.totals.gmvGroupFen).toBeGreaterThan(0);
  expect(d.totals.gmvStoreFen).toBeGreaterThan(0);
  expect(d.totals.groupsDrawn).toBeGreaterThan(20);
  expect(d.totals.topupsFen).toBeGreaterThan(0);
  expect(d.totals.withdrawalsPaidFen).toBeGreaterThan(0);
  expect(d.totals.dailyDividendFen).toBeGreaterThan(0);
  expect(d.totals.adRevenueFen).toBeGreaterThan(0);
  expect(d.totals.newUsers).toBeGreaterThan(20);
  expect(d.planned.activities.map((a) => a.name)).toContain("每日坚果 6人团");
  expect(d.liabilities.trend.filter((p) => p.values !== null).length).toBeGreaterThanOrEqual(14);
  for (const day of d.days.filter((x) => x.figures.entries > 0).slice(0, 3)) expect(day.figures).toMatchObject(await ledgerFiguresOfDay(t.db, day.day));
  expect(d.liabilities.now).toEqual(await ledgerLiabilities(t.db, null));
  // The demo shoppers' balances are as the other specs expect (the history has its own shoppers).
  const [wang] = await t.db.execute<{ balance: string }>(sql`SELECT a.balance FROM ledger_accounts a JOIN users u ON u.id = a.user_id WHERE u.phone = '13800000001' AND a.asset = 'cash'`);
  expect(Number(wang!.balance)).toBe(500_00);
}, 180_000);

it("the history has what a first look needs: a referral tree, rules at work, both conflict policies, a timeout, a settled pool month, every order state, and proofs that verify", async () => {
  const one = async <T>(q: ReturnType<typeof sql>) => (await t.db.execute<T & Record<string, unknown>>(q))[0]!;
  const tree = await one<{ shoppers: number; l1: number; l2: number }>(sql`
    SELECT count(*)::int AS shoppers, count(u.referrer_id)::int AS l1, count(r.referrer_id)::int AS l2
    FROM users u LEFT JOIN users r ON r.id = u.referrer_id WHERE u.phone LIKE '1370000%'`);
  expect(tree.shoppers).toBe(200);
  expect(tree.l1).toBeGreaterThan(100);
  expect(tree.l2).toBeGreaterThan(50);

  const groups = await t.db.execute<{ name: string; policy: string; status: string; reason: string | null; n: number }>(sql`
    SELECT a.name, g.config->>'conflictPolicy' AS policy, g.status, g.close_reason AS reason, count(*)::int AS n
    FROM groups g JOIN activities a ON a.id = g.activity_id WHERE a.name IN ('每日坚果 6人团', '降噪耳机 3人团 2人中') GROUP BY 1, 2, 3, 4`);
  const n = (where: (r: (typeof groups)[number]) => boolean) => groups.filter(where).reduce((s, r) => s + r.n, 0);
  expect(n((r) => r.policy === "random" && r.status === "drawn")).toBeGreaterThan(20);
  expect(n((r) => r.policy === "dissolve" && r.status === "drawn")).toBeGreaterThan(5);
  expect(n((r) => r.status === "dissolved" && r.reason === "conflict")).toBeGreaterThan(0);
  const timedOut = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM groups WHERE close_reason = 'timeout' AND seats_taken > 0`);
  expect(timedOut.n).toBeGreaterThanOrEqual(1);
  // The group the history leaves short (the last one the timeout dissolved) has its shopper in it, refunded: never an empty "0/3".
  const short = await one<{ entries: number; refunded: number }>(sql`
    SELECT count(e.id)::int AS entries, count(e.id) FILTER (WHERE e.outcome = 'refunded')::int AS refunded
    FROM groups g JOIN activities a ON a.id = g.activity_id LEFT JOIN entries e ON e.group_id = g.id
    WHERE a.name = '降噪耳机 3人团 2人中' AND g.close_reason = 'timeout'
      AND g.number = (SELECT max(number) FROM groups WHERE activity_id = a.id AND close_reason = 'timeout')`);
  expect(short).toEqual({ entries: 1, refunded: 1 });
  const ineligible = await one<{ n: number }>(sql`SELECT count(*)::int AS n FROM entries WHERE eligible = false`);
  expect(ineligible.n).toBeGreaterThan(10);

  const runs = await t.db.execute<{ job: string; period: string; status: string; paid: number }>(sql`SELECT job, period, status, paid_fen::int AS paid FROM settlement_runs`);
  expect(runs.filter((r) => r.job === "pool-settlement").map((r) => [r.period, r.status])).toEqual([["2026-11", "done"]]);
  expect(runs.find((r) => r.job === "pool-settlement")!.paid).toBeGreaterThan(8_000_00);
  const pool = await one<{ holders: number }>(sql`SELECT count(*)::int AS holders FROM pool_holdings WHERE points > 0`);
  expect(pool.holders).toBeGreaterThanOrEqual(3);
  expect(runs.filter((r) => r.job === "daily-dividend").length).toBeGreaterThanOrEqual(14);

  const states = await t.db.execute<{ status: string }>(sql`SELECT DISTINCT status FROM orders`);
  expect(states.map((r) => r.status).sort()).toEqual([...ORDER_STATUSES].sort());
  const w = await t.db.execute<{ status: string }>(sql`SELECT DISTINCT status FROM withdrawals`);
  expect(w.map((r) => r.status).sort()).toEqual(["paid", "pending", "rejected"]);

  // Every closed group's public proof re-derives its outcome from the revealed seed (spec §3).
  // (A group dissolved on timeout was never drawn.)
  const closed = await t.db.execute<{ id: string }>(sql`SELECT id FROM groups WHERE status = 'drawn' OR close_reason = 'conflict'`);
  expect(closed.length).toBeGreaterThan(30);
  for (const { id } of closed) {
    const proof = await readGroupProof(t.db, id);
    const derived = drawWinners({ seedHex: proof.seed!, groupId: id, k: proof.k, policy: proof.policy, entries: proof.entries.map((e) => ({ seat: e.seat, userId: e.userId, eligible: e.eligible ?? true })) });
    expect(derived.outcome).toBe(proof.outcome);
    expect(derived.winners).toEqual(proof.winners);
  }
});

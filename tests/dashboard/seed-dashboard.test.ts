import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemoData } from "@/scripts/seed/seed";
import { readDashboard } from "@/server/domain/dashboard/read-dashboard";
import { resolveDashboardRange } from "@/server/domain/dashboard/dashboard-range";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { ledgerFiguresOfDay, ledgerLiabilities } from "./ledger-truth";

let t: TestDb;
// 10:00 in Shanghai.
const clock = new FixedClock("2026-12-05T02:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

it("seeds two weeks of history for the dashboard, snapshotted, equal to the ledger; a second run changes nothing", async () => {
  await seedDemoData(t.db, clock);
  const count = async () => (await t.db.execute<{ n: string }>(sql`SELECT (SELECT count(*) FROM ledger_entries) + (SELECT count(*) FROM dashboard_days) + (SELECT count(*) FROM users) AS n`))[0]?.n;
  const before = await count();
  await seedDemoData(t.db, clock);
  expect(await count()).toBe(before);
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
  expect(d.planned.activities.map((a) => a.name)).toContain("每日坚果 6人团（往期）");
  expect(d.liabilities.trend.filter((p) => p.values !== null).length).toBeGreaterThanOrEqual(14);
  for (const day of d.days.filter((x) => x.figures.entries > 0).slice(0, 3)) expect(day.figures).toMatchObject(await ledgerFiguresOfDay(t.db, day.day));
  expect(d.liabilities.now).toEqual(await ledgerLiabilities(t.db, null));
  // The demo shoppers' balances are as the other specs expect (the history has its own shoppers).
  const [wang] = await t.db.execute<{ balance: string }>(sql`SELECT a.balance FROM ledger_accounts a JOIN users u ON u.id = a.user_id WHERE u.phone = '13800000001' AND a.asset = 'cash'`);
  expect(Number(wang!.balance)).toBe(500_00);
}, 120_000);

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { readDashboard } from "@/server/domain/dashboard/read-dashboard";
import { reconcileNow } from "@/server/domain/dashboard/reconcile-now";
import { takeDashboardSnapshots } from "@/server/domain/dashboard/take-snapshots";
import { postTransfers } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { groupFixtures } from "../helpers/group-fixtures";

let t: TestDb;
// 10:00 on 2027-01-10 in Shanghai.
const clock = new FixedClock("2027-01-10T02:00:00Z");
const HOUR = 3_600_000;

async function tableCounts() {
  const [row] = await t.db.execute<{ days: number; flows: number; balances: number; counts: number }>(sql`
    SELECT (SELECT count(*) FROM dashboard_days)::int AS days, (SELECT count(*) FROM dashboard_flows)::int AS flows,
      (SELECT count(*) FROM dashboard_balances)::int AS balances, (SELECT count(*) FROM dashboard_counts)::int AS counts`);
  return row!;
}

beforeAll(async () => {
  t = await createTestDb({ max: 6 });
  const fx = groupFixtures(t.db, clock);
  const activity = await fx.makeActivity({ groupSize: 3, winners: 1, items: ["voucher"] });
  // Three days of groups: 2027-01-10, -11 and -12.
  for (let d = 0; d < 3; d++) {
    await fx.fillAndDraw(activity, await fx.makeShoppers(3, { cash: 10_000, credit: 1_000 }));
    clock.advance(24 * HOUR);
  }
});
afterAll(() => t?.drop());

describe("nightly dashboard snapshot", () => {
  it("writes each closed day once: a second run, and runs racing each other, write nothing more", async () => {
    // Now 2027-01-13 10:00: the days up to the 12th are closed.
    const first = await takeDashboardSnapshots(t.db, clock);
    expect(first.written).toEqual(["2027-01-10", "2027-01-11", "2027-01-12"]);
    const after = await tableCounts();
    expect(after.days).toBe(3);
    expect(after.flows).toBeGreaterThan(0);

    expect((await takeDashboardSnapshots(t.db, clock)).written).toEqual([]);
    expect(await tableCounts()).toEqual(after);

    // The next midnight, two workers at once: the day is written by one of them.
    clock.advance(24 * HOUR);
    const racing = await Promise.all([takeDashboardSnapshots(t.db, clock), takeDashboardSnapshots(t.db, clock), takeDashboardSnapshots(t.db, clock)]);
    expect(racing.flatMap((r) => r.written)).toEqual(["2027-01-13"]);
    const [days] = await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM dashboard_days WHERE day = '2027-01-13'`);
    expect(days!.n).toBe(1);
  });

  it("records the running balances for the day just ended, and the stored reconciliation balances", async () => {
    const rows = await t.db.execute<{ day: string; with_running: string }>(sql`SELECT day::text, with_running FROM dashboard_days ORDER BY day`);
    // Backfilled days carry no running balances; the day each run ended on does.
    expect(rows.map((r) => [r.day, r.with_running])).toEqual([
      ["2027-01-10", "no"],
      ["2027-01-11", "no"],
      ["2027-01-12", "yes"],
      ["2027-01-13", "yes"],
    ]);
    const d = await t.db.transaction((tx) => readDashboard(tx, clock, { from: "2027-01-08", to: "2027-01-14" }));
    expect(d.reconciliation?.day).toBe("2027-01-13");
    expect(d.reconciliation?.ok).toBe(true);
    expect(d.days.filter((x) => !x.live).map((x) => x.day)).toEqual(["2027-01-10", "2027-01-11", "2027-01-12", "2027-01-13"]);
    expect(d.totals.groupsDrawn).toBe(3);
    expect(d.totals.winners).toBe(3);
    expect(d.totals.losers).toBe(6);
  });
});

describe("reconciliation", () => {
  it("shows a user's balance changed without a ledger entry, in that asset and in cash held", async () => {
    const before = await t.db.transaction((tx) => reconcileNow(tx, clock), { isolationLevel: "repeatable read" });
    expect(before.ok).toBe(true);
    expect(before.assets.every((a) => a.difference === 0)).toBe(true);

    // An injected difference: ¥1.23 appears in one user's cash with no entry behind it.
    const [account] = await t.db.execute<{ id: string }>(sql`SELECT id FROM ledger_accounts WHERE user_id IS NOT NULL AND asset = 'cash' ORDER BY id LIMIT 1`);
    await t.db.execute(sql`UPDATE ledger_accounts SET balance = balance + 123 WHERE id = ${account!.id}`);

    const after = await t.db.transaction((tx) => reconcileNow(tx, clock), { isolationLevel: "repeatable read" });
    expect(after.ok).toBe(false);
    const cash = after.assets.find((a) => a.asset === "cash")!;
    expect(cash.difference).toBe(123);
    expect(cash.usersRunning - cash.usersFromEntries).toBe(123);
    expect(after.assets.filter((a) => a.asset !== "cash").every((a) => a.difference === 0)).toBe(true);
    expect(after.cash.differenceFen).toBe(123);

    // The next nightly snapshot records it too, and the dashboard shows it.
    clock.advance(24 * HOUR);
    await takeDashboardSnapshots(t.db, clock);
    const d = await t.db.transaction((tx) => readDashboard(tx, clock, { from: "2027-01-14", to: "2027-01-15" }));
    expect(d.reconciliation?.day).toBe("2027-01-14");
    expect(d.reconciliation?.ok).toBe(false);
    expect(d.reconciliation?.cash.differenceFen).toBe(123);

    await t.db.execute(sql`UPDATE ledger_accounts SET balance = balance - 123 WHERE id = ${account!.id}`);
    expect((await t.db.transaction((tx) => reconcileNow(tx, clock), { isolationLevel: "repeatable read" })).ok).toBe(true);
  });

  it("reports an entry stamped into a day the snapshot already closed (a clock stepped back), and entries stamped ahead of it do not", async () => {
    const [user] = await t.db.execute<{ id: string }>(sql`SELECT user_id AS id FROM ledger_accounts WHERE user_id IS NOT NULL ORDER BY id LIMIT 1`);
    const grant = (at: string, key: string) =>
      t.db.transaction((tx) =>
        postTransfers(tx, new FixedClock(at), [
          { key, asset: "divPoints", from: { platform: "rewards_expense" }, to: { userId: user!.id }, amount: 300, reason: "draw.W-B", ref: { type: "test", id: key } },
        ]),
      );
    const reconciled = () => t.db.transaction((tx) => reconcileNow(tx, clock), { isolationLevel: "repeatable read" });

    // Ahead of the clock (a server whose clock ran fast): in the tail after the last snapshot, balanced.
    await grant(new Date(clock.now().getTime() + 40 * 24 * HOUR).toISOString(), "ahead");
    expect((await reconciled()).ok).toBe(true);

    // Into 2027-01-11, closed two nights ago: neither that snapshot nor the tail holds it, so the
    // users' running dividend points exceed what the entries derive by exactly its amount.
    await grant("2027-01-11T04:00:00Z", "back-dated");
    const after = await reconciled();
    expect(after.ok).toBe(false);
    const points = after.assets.find((a) => a.asset === "divPoints")!;
    expect(points.usersRunning - points.usersFromEntries).toBe(300);
    expect(points.difference).toBe(300);
    expect(after.assets.filter((a) => a.asset !== "divPoints").every((a) => a.difference === 0)).toBe(true);
  });

  it("refuses a range that ends after today, runs backwards or is longer than 92 days", async () => {
    for (const range of [
      { from: "2027-01-14", to: "2027-01-16" },
      { from: "2027-01-14", to: "2027-01-13" },
      { from: "2026-09-01", to: "2027-01-14" },
      { from: "2027-02-30", to: "2027-01-14" },
    ]) {
      await expect(t.db.transaction((tx) => readDashboard(tx, clock, range))).rejects.toMatchObject({ code: "BAD_INPUT" });
    }
  });
});

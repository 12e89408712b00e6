import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemoData } from "@/scripts/seed/seed";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { listActivities } from "@/server/domain/activities/list-activities";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
const clock = new FixedClock("2026-11-25T02:00:00Z");
beforeAll(async () => {
  // As `npm start` seeds: commits need not wait for the disk.
  t = await createTestDb({ synchronousCommit: false });
});
afterAll(() => t.drop());

it("seeds staff of every role, funded shoppers and running activities, and a second run changes nothing", async () => {
  const said: string[] = [];
  const first = await seedDemoData(t.db, clock, (line) => said.push(line));
  // On the 25th the last fortnight holds no settlement day: the history reaches back to October's.
  expect(said.join(" ")).toMatch(/Seeded 34 days of history .* pool month settled: 2026-10;/s);
  const count = async () => (await t.db.execute<{ n: string }>(sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM ledger_entries) + (SELECT count(*) FROM groups) AS n`))[0]?.n;
  const before = await count();
  const second = await seedDemoData(t.db, clock);
  expect(second).toEqual(first);
  expect(await count()).toBe(before);
  expect(new Set(first.map((a) => a.role))).toEqual(new Set(["owner", "operator", "finance", "support", "shopper"]));
  const cards = await listActivities(t.db, clock.now());
  // Today's two first, then the history's two (still running, their past groups drawn).
  const names = cards.map((c) => c.name);
  expect(names.slice(0, 2).sort()).toEqual(["新鲜水果礼盒 5人团", "无线降噪耳机 10人团"].sort());
  expect(names.slice(2).sort()).toEqual(["降噪耳机 3人团 2人中", "每日坚果 6人团"].sort());
  expect(cards.every((c) => c.groupId)).toBe(true);
  expect(cards.slice(0, 2).every((c) => c.seatsTaken === 0)).toBe(true);
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
}, 180_000);

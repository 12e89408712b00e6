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
  t = await createTestDb();
});
afterAll(() => t.drop());

it("seeds staff of every role, funded shoppers and running activities, and a second run changes nothing", async () => {
  const first = await seedDemoData(t.db, clock);
  const count = async () => (await t.db.execute<{ n: string }>(sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM ledger_entries) + (SELECT count(*) FROM groups) AS n`))[0]?.n;
  const before = await count();
  const second = await seedDemoData(t.db, clock);
  expect(second).toEqual(first);
  expect(await count()).toBe(before);
  expect(new Set(first.map((a) => a.role))).toEqual(new Set(["owner", "operator", "finance", "support", "shopper"]));
  const cards = await listActivities(t.db, clock.now());
  expect(cards).toHaveLength(2);
  expect(cards.every((c) => c.groupId && c.seatsTaken === 0)).toBe(true);
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});

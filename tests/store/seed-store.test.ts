import { afterAll, beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { seedDemoData } from "@/scripts/seed/seed";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { listMallItems, listProducts } from "@/server/domain/store/catalog";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
const clock = new FixedClock("2026-11-25T02:00:00Z");
beforeAll(async () => {
  // As `npm start` seeds: commits need not wait for the disk.
  t = await createTestDb({ synchronousCommit: false });
});
afterAll(() => t.drop());

it("seeds a storefront (categories, products on sale, mall items, 王芳's vouchers) once; a second run changes nothing", async () => {
  await seedDemoData(t.db, clock);
  const count = async () =>
    (await t.db.execute<{ n: string }>(sql`SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM product_categories) + (SELECT count(*) FROM mall_items) + (SELECT count(*) FROM ledger_entries) AS n`))[0]?.n;
  const before = await count();
  await seedDemoData(t.db, clock);
  expect(await count()).toBe(before);
  const page = await listProducts(t.db, { limit: 20 });
  expect(page.items.length).toBe(6);
  expect(page.items.every((p) => p.onSale && p.images.length === 1)).toBe(true);
  expect((await listMallItems(t.db)).map((m) => m.asset).sort()).toEqual(["divPoints", "mallPoints"]);
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
}, 180_000);

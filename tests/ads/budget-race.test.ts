import { afterAll, beforeAll, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createDb, type DbHandle } from "@/db/client";
import { adViews } from "@/db/schema";
import { advertiserBalance } from "@/server/domain/ads/manage-advertisers";
import { checkLedgerInvariants, readPlatformBalance } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { campaignRow, complete, createAdvertiser, createCampaign, createWatcher, open, setAdSettings, start } from "./fixtures";

let t: TestDb;
let pool: DbHandle;
const clock = new FixedClock("2026-12-01T04:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  pool = createDb(t.url, { max: 25 });
});
afterAll(async () => {
  await pool.close();
  await t.drop();
});

it("50 viewers racing for a budget of 10 views: exactly 10 paid views, the budget exactly 0, never below", async () => {
  await setAdSettings(t.db, clock, { viewsPerSet: 1 });
  const price = 37;
  const advertiserId = await createAdvertiser(t.db, clock, 10 * price);
  const campaignId = await createCampaign(t.db, clock, advertiserId, { pricePerViewFen: price, budgetFen: 10 * price });
  const viewers = await Promise.all(Array.from({ length: 50 }, () => createWatcher(t.db, clock, 5)));
  const sets = await Promise.all(viewers.map((u) => start(t.db, clock, u)));

  // Real parallel connections: every viewer opens a view at once.
  const opened = await Promise.all(
    viewers.map((u, i) =>
      open(pool.db, clock, u, sets[i]!.id).then(
        (view) => ({ u, view }),
        (e: unknown) => {
          if (isDomainError(e) && e.code === "AD_NONE_AVAILABLE") return null;
          throw e;
        },
      ),
    ),
  );
  const served = opened.filter((o) => o !== null);
  expect(served).toHaveLength(10);
  expect((await campaignRow(t.db, campaignId))?.committedFen).toBe(10 * price);

  clock.advance(30_000);
  await Promise.all(served.map((o) => complete(pool.db, clock, o.u, o.view)));
  const [paid] = await t.db.select({ n: count() }).from(adViews).where(eq(adViews.status, "completed"));
  expect(paid?.n).toBe(10);
  const budget = await advertiserBalance(t.db, advertiserId);
  expect(budget).toBe(0);
  expect(await readPlatformBalance(t.db, "ad_revenue", "cash")).toBe(10 * price);
  expect(await readPlatformBalance(t.db, "ad_reserved", "cash")).toBe(0);
  const row = await campaignRow(t.db, campaignId);
  expect(row?.budgetFen).toBe(row?.committedFen);
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});

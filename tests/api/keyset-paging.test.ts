import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor } from "../helpers/api-caller";
import { aDestination } from "../helpers/payout-fixtures";

// Rows sharing a created_at with the last row of a page must still be shown (the cursor is
// (created_at, id), not created_at alone).

let t: TestDb;
const clock = new FixedClock("2026-11-25T18:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

async function collect<T extends { id: string }>(page: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res = await page(cursor);
    ids.push(...res.items.map((x) => x.id));
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return ids;
}

describe("keyset paging", () => {
  it("pages through withdrawals created in the same millisecond without losing any", async () => {
    const u = await createUser(t.db);
    await fund(t.db, clock, u.id, "cash", 100_000);
    const shopper = callerFor(t.db, clock, { id: u.id, role: "shopper" });
    const destinationId = await aDestination(t.db, clock, u.id);
    for (let i = 0; i < 5; i++) await shopper.wallet.requestWithdrawal({ amountFen: 1000, destinationId, clientKey: `same-ms-${i}` });
    const finance = callerFor(t.db, clock, { id: (await createUser(t.db, { role: "finance" })).id, role: "finance" });
    expect(new Set(await collect((cursor) => finance.admin.withdrawals({ cursor, limit: 2 }))).size).toBe(5);
    expect(new Set(await collect((cursor) => shopper.wallet.withdrawals({ cursor, limit: 2 }))).size).toBe(5);
  });

  it("pages through users created in the same millisecond without losing any", async () => {
    for (let i = 0; i < 5; i++) await createUser(t.db, { clock });
    const owner = callerFor(t.db, clock, { id: (await createUser(t.db, { role: "owner", clock })).id, role: "owner" });
    const all = (await owner.admin.users({ limit: 100 })).items.length;
    expect(new Set(await collect((cursor) => owner.admin.users({ cursor, limit: 2 }))).size).toBe(all);
  });
});

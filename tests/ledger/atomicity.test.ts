/** A batch lands whole or not at all, whichever way postTransfers is called. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, postTransfers, readUserBalances, type TransferInput } from "@/server/domain/ledger";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";

/** Expected failures for reported ledger defects; see tests/ledger/concurrency.test.ts. */

let t: TestDb;
const clock = new FixedClock("2026-11-25T00:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.drop());

const cashOut = (key: string, from: string, amount: number): TransferInput => ({
  key,
  asset: "cash",
  from: { userId: from },
  to: { platform: "payout_clearing" },
  amount,
  reason: "test.atomicity",
  ref: { type: "test", id: key },
});

async function entries(keyPrefix: string): Promise<number> {
  const [row] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key LIKE ${keyPrefix + "%"}`);
  return Number(row?.n);
}

describe("atomicity of postTransfers", () => {
  it("a batch with one overdrafting transfer among good ones changes nothing", async () => {
    const u = (await createUser(t.db)).id;
    const v = (await createUser(t.db)).id;
    await fund(t.db, clock, u, "cash", 100);
    await fund(t.db, clock, v, "cash", 100);
    await expect(
      t.db.transaction((tx) => postTransfers(tx, clock, [cashOut("mix:1", u, 60), cashOut("mix:2", v, 101), cashOut("mix:3", u, 40)])),
    ).rejects.toMatchObject({ code: "INSUFFICIENT_BALANCE" });
    expect((await readUserBalances(t.db, u)).cash).toBe(100);
    expect((await readUserBalances(t.db, v)).cash).toBe(100);
    expect(await entries("mix:")).toBe(0);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a caller's transaction that rolls back after posting leaves nothing behind", async () => {
    const u = (await createUser(t.db)).id;
    await fund(t.db, clock, u, "cash", 100);
    await expect(
      t.db.transaction(async (tx) => {
        await postTransfers(tx, clock, [cashOut("rollback:1", u, 30)]);
        throw new Error("the caller gives up");
      }),
    ).rejects.toThrow("the caller gives up");
    expect((await readUserBalances(t.db, u)).cash).toBe(100);
    expect(await entries("rollback:")).toBe(0);
  });

  // Regression: given the plain Db, each statement once committed on its own, leaving an entry
  // whose amount never left the balance and a burnt key. postTransfers now runs in its own
  // transaction (or a savepoint inside the caller's).
  it("called with the Db itself (no transaction), a rejected batch leaves no entry behind", async () => {
    const u = (await createUser(t.db)).id;
    await fund(t.db, clock, u, "cash", 100);
    await expect(postTransfers(t.db, clock, [cashOut("notx:1", u, 150)])).rejects.toMatchObject({ code: "INSUFFICIENT_BALANCE" });
    expect(await entries("notx:")).toBe(0);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

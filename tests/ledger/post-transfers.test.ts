import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, postTransfers, readUserBalances } from "@/server/domain/ledger";
import { createTestDb, type TestDb } from "../helpers/test-db";

let t: TestDb;
const clock = new FixedClock("2026-11-25T00:00:00Z");
let alice: string;
let bob: string;

async function makeUser(phone: string): Promise<string> {
  const [u] = await t.db.insert(users).values({ phone, passwordHash: "x", displayName: phone, referralCode: phone, createdAt: clock.now() }).returning();
  return u!.id;
}

beforeAll(async () => {
  t = await createTestDb();
  alice = await makeUser("13800000001");
  bob = await makeUser("13800000002");
});
afterAll(() => t?.drop());

describe("postTransfers", () => {
  it("moves money, keeps balances in O(1) rows and replays a retried batch without change", async () => {
    const batch = [
      { key: "seed:alice", asset: "cash" as const, from: { platform: "opening_balances" as const }, to: { userId: alice }, amount: 1000, reason: "seed", ref: { type: "test", id: "1" } },
      { key: "a-to-b", asset: "cash" as const, from: { userId: alice }, to: { userId: bob }, amount: 300, reason: "test", ref: { type: "test", id: "1" } },
    ];
    const first = await t.db.transaction((tx) => postTransfers(tx, clock, batch));
    expect(first.replayed).toBe(false);
    const again = await t.db.transaction((tx) => postTransfers(tx, clock, batch));
    expect(again.replayed).toBe(true);
    expect(again.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect((await readUserBalances(t.db, alice)).cash).toBe(700);
    expect((await readUserBalances(t.db, bob)).cash).toBe(300);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("rejects an overdraft and changes nothing", async () => {
    await expect(
      t.db.transaction((tx) =>
        postTransfers(tx, clock, [{ key: "overdraft", asset: "cash", from: { userId: bob }, to: { userId: alice }, amount: 301, reason: "test", ref: { type: "test", id: "2" } }]),
      ),
    ).rejects.toMatchObject({ code: "INSUFFICIENT_BALANCE" });
    expect((await readUserBalances(t.db, bob)).cash).toBe(300);
  });

  it("refuses a batch of which part was posted before, naming the first such key, and writes none of it", async () => {
    const cash = (key: string, amount: number) => ({ key, asset: "cash" as const, from: { userId: alice }, to: { userId: bob }, amount, reason: "test", ref: { type: "test", id: key } });
    await t.db.transaction((tx) => postTransfers(tx, clock, [cash("part-2", 10)]));
    const before = { alice: (await readUserBalances(t.db, alice)).cash, bob: (await readUserBalances(t.db, bob)).cash };
    await expect(t.db.transaction((tx) => postTransfers(tx, clock, [cash("part-1", 10), cash("part-2", 10), cash("part-3", 10)]))).rejects.toMatchObject({
      code: "IDEMPOTENCY_MISMATCH",
      params: { key: "part-2" },
    });
    const [n] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key IN ('part-1', 'part-3')`);
    expect(Number(n!.n)).toBe(0);
    expect(await readUserBalances(t.db, alice)).toMatchObject({ cash: before.alice });
    expect(await readUserBalances(t.db, bob)).toMatchObject({ cash: before.bob });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("an overdraft caught by the caller undoes only that posting: the transaction goes on and commits the rest", async () => {
    const move = (key: string, amount: number) => ({ key, asset: "cash" as const, from: { userId: bob }, to: { userId: alice }, amount, reason: "test", ref: { type: "test", id: key } });
    const bobBefore = (await readUserBalances(t.db, bob)).cash;
    const outcome = await t.db.transaction(async (tx) => {
      await postTransfers(tx, clock, [move("caught-ok-1", 5)]);
      const refused = await postTransfers(tx, clock, [move("caught-too-much", 1_000_000)]).then(
        () => "posted",
        (e: { code?: string }) => e.code,
      );
      await postTransfers(tx, clock, [move("caught-ok-2", 5)]);
      return refused;
    });
    expect(outcome).toBe("INSUFFICIENT_BALANCE");
    expect((await readUserBalances(t.db, bob)).cash).toBe(bobBefore - 10);
    const keys = await t.db.execute<{ idempotency_key: string }>(sql`SELECT idempotency_key FROM ledger_entries WHERE idempotency_key LIKE 'caught-%' ORDER BY id`);
    expect(keys.map((k) => k.idempotency_key)).toEqual(["caught-ok-1", "caught-ok-2"]);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("refuses UPDATE and DELETE of an entry at the database", async () => {
    // eslint-disable-next-line pinpin/no-unscoped-write -- the statement the append-only trigger must refuse
    await expect(t.db.execute(sql`UPDATE ledger_entries SET amount = 1`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    // eslint-disable-next-line pinpin/no-unscoped-write -- the statement the append-only trigger must refuse
    await expect(t.db.execute(sql`DELETE FROM ledger_entries`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
  });
});

/**
 * postTransfers under real parallelism: a dedicated pool of 40 connections, so up to 40
 * transactions hold locks at the same time against one PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createDb, type DbHandle } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import type { Asset } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import {
  checkLedgerInvariants,
  postTransfers,
  readPlatformBalance,
  readUserBalances,
  type AccountRef,
  type PlatformAccount,
  type PostResult,
  type TransferInput,
} from "@/server/domain/ledger";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, createUsers, fund } from "../helpers/factories";


let t: TestDb;
let pool: DbHandle;
const clock = new FixedClock("2026-11-25T00:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  const name = new URL(t.url).pathname.slice(1);
  // Report deadlocks after 50 ms rather than 1 s (so a regression fails fast), and turn a hang
  // into an error rather than a test timeout. Applies to connections opened from here on.
  await t.db.execute(sql.raw(`ALTER DATABASE ${name} SET deadlock_timeout = '50ms'`));
  await t.db.execute(sql.raw(`ALTER DATABASE ${name} SET lock_timeout = '20s'`));
  pool = createDb(t.url, { max: 40 });
});
afterAll(async () => {
  await pool?.close();
  await t?.drop();
});

type Outcome = { ok: true; result: PostResult } | { ok: false; code: string; error: unknown };

/** A DomainError's code, else the PostgreSQL SQLSTATE (e.g. 40P01), else the message. */
function errorCode(e: unknown): string {
  if (isDomainError(e)) return e.code;
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = cur as { code?: unknown; cause?: unknown };
    if (typeof c.code === "string") return c.code;
    cur = c.cause;
  }
  return String((e as Error)?.message ?? e);
}

/** Starts every batch at once, each in its own transaction on the 40-connection pool. */
async function postAllInParallel(batches: TransferInput[][]): Promise<Outcome[]> {
  return Promise.all(
    batches.map((batch) =>
      pool.db
        .transaction((tx) => postTransfers(tx, clock, batch))
        .then(
          (result): Outcome => ({ ok: true, result }),
          (error: unknown): Outcome => ({ ok: false, code: errorCode(error), error }),
        ),
    ),
  );
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes) {
    const k = o.ok ? "ok" : o.code;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function transfer(key: string, asset: Asset, from: AccountRef, to: AccountRef, amount: number): TransferInput {
  return { key, asset, from, to, amount, reason: "test.concurrency", ref: { type: "test", id: key } };
}

const platform = (p: PlatformAccount): AccountRef => ({ platform: p });
const user = (userId: string): AccountRef => ({ userId });

async function cash(userId: string): Promise<number> {
  return (await readUserBalances(t.db, userId)).cash;
}

async function entriesWithPrefix(prefix: string): Promise<{ count: number; total: number }> {
  const [row] = await t.db.execute<{ count: string; total: string }>(
    sql`SELECT count(*) AS count, COALESCE(SUM(amount), 0) AS total FROM ledger_entries WHERE idempotency_key LIKE ${prefix + "%"}`,
  );
  return { count: Number(row?.count ?? 0), total: Number(row?.total ?? 0) };
}

/** Posts 1 from opening_balances to each platform account, so no test races to create them. */
async function warmPlatformAccounts(asset: Asset, names: PlatformAccount[], tag: string): Promise<void> {
  await t.db.transaction((tx) =>
    postTransfers(
      tx,
      clock,
      names.map((p) => transfer(`warm:${tag}:${asset}:${p}`, asset, platform("opening_balances"), platform(p), 1)),
    ),
  );
}

/** Waits until `n` backends of this database are blocked on a lock. */
async function waitForLockWaiters(n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await t.db.execute<{ n: string }>(
      sql`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (Number(row?.n) >= n) return;
    if (Date.now() > deadline) throw new Error(`expected ${n} backends waiting on a lock`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("postTransfers under concurrency", () => {
  const PLATFORM_TARGETS: PlatformAccount[] = ["payout_clearing", "withdrawal_hold", "group_escrow"];

  it("100 parallel spends of 70 from a balance of 5000, all to platform accounts: exactly 71 succeed", async () => {
    const payer = (await createUser(t.db)).id;
    await fund(t.db, clock, payer, "cash", 5000);
    await warmPlatformAccounts("cash", PLATFORM_TARGETS, "a0");

    const batches = Array.from({ length: 100 }, (_, i) => [
      transfer(`a0:${i}`, "cash", user(payer), platform(PLATFORM_TARGETS[i % 3]!), 70),
    ]);
    const outcomes = await postAllInParallel(batches);

    expect(tally(outcomes)).toEqual({ ok: 71, INSUFFICIENT_BALANCE: 29 });
    expect(await cash(payer)).toBe(5000 - 71 * 70);
    expect(await entriesWithPrefix("a0:")).toEqual({ count: 71, total: 71 * 70 });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  // Regression: the account locks were once FOR UPDATE, which conflicts with the FOR KEY SHARE
  // locks that other transactions' entry inserts hold through their foreign keys: 40P01. They are
  // FOR NO KEY UPDATE now (what the UPDATE itself takes), which does not conflict.
  it("100 parallel spends of 70 from a balance of 5000 to users and platform: exactly 71 succeed, no deadlock", async () => {
    const payer = (await createUser(t.db)).id;
    await fund(t.db, clock, payer, "cash", 5000);
    const payees: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = (await createUser(t.db)).id;
      await fund(t.db, clock, id, "cash", 1); // the payee's account exists before the race
      payees.push(id);
    }
    await warmPlatformAccounts("cash", PLATFORM_TARGETS, "a1");
    const platformBefore = await Promise.all(PLATFORM_TARGETS.map((p) => readPlatformBalance(t.db, p, "cash")));

    // Every batch takes 70 out of the payer: to one user, to one platform account, split between
    // a user and a platform account, or split between two users.
    const batches = Array.from({ length: 100 }, (_, i) => {
      const u1 = user(payees[i % 5]!);
      const u2 = user(payees[(i + 2) % 5]!);
      const p = platform(PLATFORM_TARGETS[i % 3]!);
      const k = `a1:${i}`;
      switch (i % 4) {
        case 0:
          return [transfer(`${k}:0`, "cash", user(payer), u1, 70)];
        case 1:
          return [transfer(`${k}:0`, "cash", user(payer), p, 70)];
        case 2:
          return [transfer(`${k}:0`, "cash", user(payer), u1, 30), transfer(`${k}:1`, "cash", user(payer), p, 40)];
        default:
          return [transfer(`${k}:0`, "cash", user(payer), u1, 35), transfer(`${k}:1`, "cash", user(payer), u2, 35)];
      }
    });
    const outcomes = await postAllInParallel(batches);

    expect(tally(outcomes)).toEqual({ ok: 71, INSUFFICIENT_BALANCE: 29 });
    expect(await cash(payer)).toBe(5000 - 71 * 70);
    expect((await entriesWithPrefix("a1:")).total).toBe(71 * 70);
    let payeesGot = 0;
    for (const id of payees) payeesGot += (await cash(id)) - 1;
    let platformGot = 0;
    for (const [i, p] of PLATFORM_TARGETS.entries()) platformGot += (await readPlatformBalance(t.db, p, "cash")) - platformBefore[i]!;
    expect(payeesGot + platformGot).toBe(71 * 70);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("50 concurrent withdrawals of the whole balance: exactly one succeeds", async () => {
    const owner = (await createUser(t.db)).id;
    await fund(t.db, clock, owner, "cash", 12_345);
    await warmPlatformAccounts("cash", ["withdrawal_hold"], "b");

    const batches = Array.from({ length: 50 }, (_, i) => [transfer(`b:${i}`, "cash", user(owner), platform("withdrawal_hold"), 12_345)]);
    const outcomes = await postAllInParallel(batches);

    expect(tally(outcomes)).toEqual({ ok: 1, INSUFFICIENT_BALANCE: 49 });
    expect(await cash(owner)).toBe(0);
    expect(await entriesWithPrefix("b:")).toEqual({ count: 1, total: 12_345 });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("50 concurrent read-the-balance-then-withdraw-it transactions move the balance out once", async () => {
    const owner = (await createUser(t.db)).id;
    await fund(t.db, clock, owner, "cash", 777);

    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pool.db
          .transaction(async (tx) => {
            const balance = (await readUserBalances(tx, owner)).cash; // a plain read: may be stale by the time we post
            if (balance === 0) return "empty" as const;
            await postTransfers(tx, clock, [transfer(`b2:${i}`, "cash", user(owner), platform("withdrawal_hold"), balance)]);
            return "ok" as const;
          })
          .catch((e: unknown) => errorCode(e)),
      ),
    );

    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(outcomes.every((o) => o === "ok" || o === "empty" || o === "INSUFFICIENT_BALANCE")).toBe(true);
    expect(await cash(owner)).toBe(0);
    expect(await entriesWithPrefix("b2:")).toEqual({ count: 1, total: 777 });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("20 concurrent posts of the same batch: one inserts, 19 replay, balances move once", async () => {
    const x = (await createUser(t.db)).id; // no accounts yet: the posts also race to create them
    const y = (await createUser(t.db)).id;
    const batch = [
      transfer("c:fund-x", "cash", platform("opening_balances"), user(x), 500),
      transfer("c:x-to-y", "cash", user(x), user(y), 200),
      transfer("c:y-to-escrow", "cash", user(y), platform("group_escrow"), 50),
    ];
    const outcomes = await postAllInParallel(Array.from({ length: 20 }, () => batch));

    expect(tally(outcomes)).toEqual({ ok: 20 });
    const results = outcomes.map((o) => (o.ok ? o.result : null)).filter((r) => r !== null);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.filter((r) => r.replayed)).toHaveLength(19);
    const ids = results.map((r) => r.entries.map((e) => e.id).sort((a, b) => a - b));
    for (const i of ids) expect(i).toEqual(ids[0]);
    expect(ids[0]).toHaveLength(3);

    expect(await cash(x)).toBe(300);
    expect(await cash(y)).toBe(150);
    expect(await entriesWithPrefix("c:")).toEqual({ count: 3, total: 750 });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  // Regression: with FOR UPDATE, nearly every pair of crossing batches deadlocked.
  it("crossing A→B and B→A batches in parallel complete without deadlock", async () => {
    const a = (await createUser(t.db)).id;
    const b = (await createUser(t.db)).id;
    for (const id of [a, b]) {
      await fund(t.db, clock, id, "cash", 1_000_000);
      await fund(t.db, clock, id, "credit", 1_000_000);
    }
    await warmPlatformAccounts("cash", ["rewards_expense"], "d");

    // Each batch touches both accounts; a third of them also a platform account or another asset.
    const batches = Array.from({ length: 60 }, (_, i) => {
      const k = `d:${i}`;
      switch (i % 6) {
        case 0:
          return [transfer(`${k}:0`, "cash", user(a), user(b), 7)];
        case 1:
          return [transfer(`${k}:0`, "cash", user(b), user(a), 5)];
        case 2:
          return [transfer(`${k}:0`, "cash", user(a), user(b), 3), transfer(`${k}:1`, "cash", user(b), user(a), 11)];
        case 3:
          return [transfer(`${k}:0`, "cash", user(b), user(a), 13), transfer(`${k}:1`, "cash", user(a), user(b), 2)];
        case 4:
          return [transfer(`${k}:0`, "cash", user(a), user(b), 4), transfer(`${k}:1`, "credit", user(b), user(a), 6)];
        default:
          return [transfer(`${k}:0`, "cash", user(b), user(a), 9), transfer(`${k}:1`, "cash", user(a), platform("rewards_expense"), 1)];
      }
    });
    // Expected balances, from the batches themselves.
    const expected = new Map<string, number>([
      [`${a}|cash`, 1_000_000],
      [`${b}|cash`, 1_000_000],
      [`${a}|credit`, 1_000_000],
      [`${b}|credit`, 1_000_000],
    ]);
    for (const batch of batches) {
      for (const tr of batch) {
        if ("userId" in tr.from) expected.set(`${tr.from.userId}|${tr.asset}`, expected.get(`${tr.from.userId}|${tr.asset}`)! - tr.amount);
        if ("userId" in tr.to) expected.set(`${tr.to.userId}|${tr.asset}`, expected.get(`${tr.to.userId}|${tr.asset}`)! + tr.amount);
      }
    }

    const outcomes = await postAllInParallel(batches);

    expect(tally(outcomes)).toEqual({ ok: 60 });
    for (const id of [a, b]) {
      const bal = await readUserBalances(t.db, id);
      expect(bal.cash).toBe(expected.get(`${id}|cash`));
      expect(bal.credit).toBe(expected.get(`${id}|credit`));
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  // Regression: resolveAccountIds once inserted missing accounts in the order the batch named them;
  // two batches creating the same accounts in opposite orders deadlocked (40P01). A lock on
  // ledger_accounts held by a third transaction lines both inserts up, so the race is not left to
  // chance. New accounts are inserted sorted now.
  it("batches that create the same new accounts in opposite orders complete without deadlock", async () => {
    await warmPlatformAccounts("mallPoints", ["rewards_expense"], "e");
    for (let round = 0; round < 3; round++) {
      // 100 new accounts per batch make the two INSERTs long enough to meet in the middle.
      const ids = (await createUsers(t.db, 1000)).map((u) => u.id); // no mallPoints accounts yet
      const batchFor = (tag: string, order: string[]) =>
        order.map((id) => transfer(`e:${round}:${tag}:${id}`, "mallPoints", platform("rewards_expense"), user(id), 5));

      let racing: Promise<Outcome[]> | undefined;
      await pool.db.transaction(async (gate) => {
        // SHARE mode lets the batches read ledger_accounts but holds their INSERTs; committing the
        // gate releases both at once.
        await gate.execute(sql`LOCK TABLE ledger_accounts IN SHARE MODE`);
        racing = postAllInParallel([batchFor("fwd", ids), batchFor("rev", [...ids].reverse())]);
        await waitForLockWaiters(2);
      });
      const outcomes = await racing!;
      expect(tally(outcomes)).toEqual({ ok: 2 });
      const [row] = await t.db.execute<{ n: string; total: string }>(sql`
        SELECT count(*) AS n, COALESCE(SUM(balance), 0) AS total FROM ledger_accounts
        WHERE asset = 'mallPoints' AND user_id = ANY(${pgArray(ids)}::uuid[]) AND balance = 10`);
      expect({ n: Number(row?.n), total: Number(row?.total) }).toEqual({ n: ids.length, total: 10 * ids.length });
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

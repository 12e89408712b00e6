import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/db/client";
import { DatabaseWaitTimeout, isDatabaseUnavailable } from "@/db/database-unavailable";
import { withAdmin } from "../helpers/pg-admin";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * A connection lost under a transaction (what a database restart does to every pooled connection):
 * postgres.js 3.4.9 wrote the transaction's ROLLBACK to the closed socket from a setImmediate and
 * crashed the process (`TypeError: Cannot read properties of null (reading 'write')`); its slot's
 * next connection then failed its first query with the dead one's error, and `end()` never returned.
 * scripts/patch-postgres-driver.mjs fixes all three; these tests fail without it. Also the pool's
 * bound on waiting for a connection (db/bounded-wait.ts).
 */
let t: TestDb;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  t = await createTestDb({ max: 1 });
});
afterAll(() => t.drop());
beforeEach(() => {
  uncaught.length = 0;
  process.on("uncaughtException", onUncaught);
});
afterEach(() => {
  process.off("uncaughtException", onUncaught);
});

/** Ends the backend of a transaction while it runs a statement; returns how the transaction failed. */
async function killMidTransaction(db: TestDb["db"]): Promise<unknown> {
  let pid: number | null = null;
  let sleeping = false;
  const tx = db.transaction(async (inner) => {
    const [row] = await inner.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
    pid = row!.pid;
    sleeping = true;
    await inner.execute(sql`SELECT pg_sleep(30)`);
  });
  const failed = tx.then(
    () => new Error("the transaction committed"),
    (e: unknown) => e,
  );
  await waitFor(async () => sleeping && (await withAdmin((a) => a`SELECT 1 FROM pg_stat_activity WHERE pid = ${pid} AND query LIKE '%pg_sleep%'`)).length === 1);
  await withAdmin((a) => a`SELECT pg_terminate_backend(${pid})`);
  return failed;
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not reached");
}

/** DatabaseWaitTimeout, as thrown or as drizzle's wrapped cause. */
const waitTimedOut = (e: unknown) => e instanceof DatabaseWaitTimeout || (e as { cause?: unknown } | null)?.cause instanceof DatabaseWaitTimeout;

/** Lets the setImmediate and timers of a dead connection run, so an uncaught exception would show. */
const settle = () => new Promise((r) => setTimeout(r, 200));

describe("a connection lost under a transaction (the patched driver)", () => {
  it("rejects the transaction as unavailable, throws nothing uncaught, and the pool's next query works on a fresh connection", async () => {
    const error = await killMidTransaction(t.db);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await settle();
    expect(uncaught).toEqual([]);
    // max 1: the same slot reconnects; its first query must not fail with the dead connection's error.
    const [row] = await t.db.execute<{ one: number }>(sql`SELECT 1 AS one`);
    expect(row?.one).toBe(1);
    expect(uncaught).toEqual([]);
  });

  it("a pool that lost a connection ends at once (not after close()'s 5 s grace)", async () => {
    const pool: DbHandle = createDb(t.url, { max: 2 });
    await pool.db.execute(sql`SELECT 1`);
    await killMidTransaction(pool.db);
    await settle();
    await expect(Promise.race([pool.close().then(() => "ended"), new Promise((r) => setTimeout(() => r("hung"), 3_000))])).resolves.toBe("ended");
    expect(uncaught).toEqual([]);
  });
});

describe("the pool's bound on waiting for a connection (db/bounded-wait.ts)", () => {
  it("a query and a transaction with no free connection fail with DatabaseWaitTimeout; the abandoned transaction never runs", async () => {
    const pool = createDb(t.url, { max: 1, waitTimeoutMs: 300 });
    await pool.db.execute(sql`CREATE TABLE IF NOT EXISTS wait_t (n int)`);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    const holder = pool.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      holding = true;
      await held;
    });
    await waitFor(async () => holding);
    const query = pool.db.execute(sql`SELECT 1`).then(() => "answered", (e: unknown) => e);
    const abandoned = pool.db.transaction((tx) => tx.execute(sql`INSERT INTO wait_t VALUES (1)`)).then(() => "committed", (e: unknown) => e);
    expect(waitTimedOut(await query)).toBe(true);
    expect(waitTimedOut(await abandoned)).toBe(true);
    release();
    await holder;
    // The connection is free again: the abandoned transaction got it (or will) and refused to run.
    const rows = await pool.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM wait_t`);
    await settle();
    const again = await pool.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM wait_t`);
    expect([rows[0]?.n, again[0]?.n]).toEqual([0, 0]);
    await pool.close();
  });
});

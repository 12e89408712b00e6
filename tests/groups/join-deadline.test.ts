import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { lockActivitySeats } from "@/server/domain/shared/seat-locks";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { readOwnEntry } from "@/server/domain/groups/read-own-entry";
import { JoinQueue } from "@/server/runtime/join-queue";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { balanceOf, bareConfig, groupFixtures, ledgerKeyCount, type GroupFixtures } from "../helpers/group-fixtures";

/**
 * A join's deadline in the queue (server/runtime/join-queue.ts): answered by then whatever its batch
 * is doing; dropped, and never committed later, when its batch had not begun; JOIN_OUTCOME_UNKNOWN
 * when its batch was committing, the entry id then telling what happened (activities.entry).
 */
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const P = 1999;
const DEADLINE = 600;

beforeAll(async () => {
  t = await createTestDb({ max: 6 });
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not reached");
}

/** Holds `db`'s connection in a transaction that runs `inside` first, until released. */
function hold(db: TestDb["db"], inside: (tx: Parameters<Parameters<TestDb["db"]["transaction"]>[0]>[0]) => Promise<unknown>) {
  let release!: () => void;
  let held!: () => void;
  const isHeld = new Promise<void>((r) => (held = r));
  const done = db.transaction(async (tx) => {
    await inside(tx);
    held();
    await new Promise<void>((r) => (release = r));
  });
  return { isHeld, release: async () => (release(), await done) };
}

/** The join's answer (its seat or its error code) and how long it took. */
async function timed(p: Promise<{ seat: number }>): Promise<{ answer: string; ms: number }> {
  const start = performance.now();
  const answer = await p.then(
    (r) => `seat ${r.seat}`,
    (e: unknown) => (isDomainError(e) ? e.code : String(e)),
  );
  return { answer, ms: performance.now() - start };
}

const seatWaiters = () => t.db.execute(sql`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`).then((r) => r.length);

describe("a join's deadline in the queue", () => {
  it("a batch stuck on the seat lock: its join is told the outcome is unknown, the joins behind it are dropped; the stuck one commits, the dropped never do", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 10, winners: 1, config: bareConfig() });
    const [stuck, behind1, behind2, later] = await f.makeShoppers(4, { cash: 5 * P });
    const queue = new JoinQueue(t.db, clock, { maxInFlight: 1, deadlineMs: DEADLINE });
    const blocker = hold(t.db, (tx) => lockActivitySeats(tx, a.id));
    await blocker.isHeld;

    const requests = [stuck, behind1, behind2].map((userId) => ({ userId: userId!, itemId: a.itemId, entryId: randomUUID() }));
    const first = timed(queue.join(a.id, requests[0]!));
    await waitFor(async () => (await seatWaiters()) === 1); // its transaction began and waits on the seat lock
    const others = requests.slice(1).map((r) => timed(queue.join(a.id, r)));
    const answers = await Promise.all([first, ...others]);
    expect(answers.map((x) => x.answer)).toEqual(["JOIN_OUTCOME_UNKNOWN", "SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE"]);
    for (const x of answers) expect(x.ms).toBeLessThan(DEADLINE + 1000);

    await blocker.release();
    // The stuck batch had begun: it commits now, and the entry id says so.
    await waitFor(async () => (await readOwnEntry(t.db, stuck!, requests[0]!.entryId)) !== null);
    // A join after them goes through the same lane: once it is answered, nothing older is left to run.
    expect((await timed(queue.join(a.id, { userId: later!, itemId: a.itemId, entryId: randomUUID() }))).answer).toBe("seat 2");
    expect(await readOwnEntry(t.db, stuck!, requests[0]!.entryId)).toMatchObject({ seat: 1, filled: false });
    expect(await ledgerKeyCount(t.db, `join:${requests[0]!.entryId}:pay`)).toBe(1);
    for (const r of requests.slice(1)) {
      expect(await readOwnEntry(t.db, r.userId, r.entryId)).toBeNull();
      expect(await ledgerKeyCount(t.db, `join:${r.entryId}:pay`)).toBe(0);
      expect(await balanceOf(t.db, r.userId, "cash")).toBe(5 * P);
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a batch whose transaction begins after its joins' deadline (no free connection until then) drops them: answered unavailable, never committed", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 10, winners: 1, config: bareConfig() });
    const [u1, u2] = await f.makeShoppers(2, { cash: 5 * P });
    const pool = createDb(t.url, { max: 1 });
    try {
      const queue = new JoinQueue(pool.db, clock, { deadlineMs: DEADLINE });
      const holder = hold(pool.db, (tx) => tx.execute(sql`SELECT 1`));
      await holder.isHeld;
      const requests = [u1, u2].map((userId) => ({ userId: userId!, itemId: a.itemId, entryId: randomUUID() }));
      const answers = await Promise.all(requests.map((r) => timed(queue.join(a.id, r))));
      expect(answers.map((x) => x.answer)).toEqual(["SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE"]);
      await holder.release();
      // The batch's transaction gets the connection now and begins: it must take in neither join.
      await pool.db.execute(sql`SELECT 1`); // queued behind that transaction on the one connection
      for (const r of requests) {
        expect(await readOwnEntry(t.db, r.userId, r.entryId)).toBeNull();
        expect(await balanceOf(t.db, r.userId, "cash")).toBe(5 * P);
      }
      // The queue works on: a fresh join goes through.
      expect((await timed(queue.join(a.id, { userId: u1!, itemId: a.itemId, entryId: randomUUID() }))).answer).toBe("seat 1");
    } finally {
      await pool.close();
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

describe("activities.entry", () => {
  it("answers the shopper's own join by its entry id as the join did, null for none yet or for someone else's", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, config: bareConfig() });
    const [me, other] = await f.makeShoppers(2, { cash: 5 * P });
    const mine = callerFor(t.db, clock, { id: me!, role: "shopper" });
    const entryId = randomUUID();
    expect(await mine.activities.entry({ entryId })).toBeNull();
    const joined = await mine.activities.join({ activityId: a.id, itemId: a.itemId, entryId });
    expect(await mine.activities.entry({ entryId })).toEqual(joined);
    expect(await callerFor(t.db, clock, { id: other!, role: "shopper" }).activities.entry({ entryId })).toBeNull();
    expect((await catchTrpc(() => callerFor(t.db, clock, null).activities.entry({ entryId }))).domainCode).toBe("UNAUTHENTICATED");
    // The session check could not reach the database: try again, not "sign in".
    const unavailable = await catchTrpc(() => callerFor(t.db, clock, null, { sessionUnavailable: true }).activities.entry({ entryId }));
    expect([unavailable.trpcCode, unavailable.domainCode]).toEqual(["SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE"]);
  });
});

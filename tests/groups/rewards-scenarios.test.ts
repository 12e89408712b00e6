import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedgerInvariants, type Balances } from "@/server/domain/ledger";
import type { ActivityConfig } from "@/server/domain/shared/activity-config";
import { FixedClock } from "@/server/domain/shared/clock";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { balancesOf, bareConfig, groupFixtures, platformBalance, readEntries, readGroup, readPrizes, type DeepPartial, type EntryRow, type GroupFixtures } from "../helpers/group-fixtures";

/**
 * One scenario per reward (spec §2 table): a real group of N = 5, K = 2 joined and drawn with only
 * that reward on (no referral), then every user's balances checked to the fen against what their
 * outcome earns, and the ledger's invariants.
 */
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const P = 1999;
const N = 5;
const K = 2;
const CASH = 10_000;

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

const ZERO: Balances = { cash: 0, credit: 0, divPoints: 0, mallPoints: 0, voucher: 0 };

interface Played {
  rows: EntryRow[];
  before: Map<string, Balances>;
  after: Map<string, Balances>;
  users: string[];
}

/** Makes an activity with only `rewards` on, fills one group with fresh users and draws it. */
async function play(rewards: DeepPartial<ActivityConfig>["rewards"], opts: { credit?: (i: number) => number; items?: ("product" | "voucher")[] } = {}): Promise<Played> {
  const activity = await f.makeActivity({ priceFen: P, groupSize: N, winners: K, items: opts.items, fullConfig: bareConfig({ rewards }) });
  const users: string[] = [];
  for (let i = 0; i < N; i++) users.push(await f.makeShopper({ cash: CASH, credit: opts.credit?.(i) ?? 0 }));
  const before = await balancesOf(t.db, users);
  const escrowBefore = await platformBalance(t.db, "group_escrow");
  const revenueBefore = await platformBalance(t.db, "store_revenue");
  const { groupId } = await f.fillAndDraw(activity, users, (i) => activity.itemIds[i % activity.itemIds.length]!);
  const group = await readGroup(t.db, groupId);
  expect(group.status).toBe("drawn");
  const rows = await readEntries(t.db, groupId);
  expect(rows.map((r) => r.seat)).toEqual([1, 2, 3, 4, 5]);
  expect(rows.filter((r) => r.outcome === "won")).toHaveLength(K);
  expect(rows.filter((r) => r.outcome === "lost")).toHaveLength(N - K);
  expect(group.winnerSeats).toEqual(rows.filter((r) => r.outcome === "won").map((r) => r.seat));
  // Escrow holds nothing for a drawn group; the winners' payments are revenue.
  expect((await platformBalance(t.db, "group_escrow")) - escrowBefore).toBe(0);
  expect((await platformBalance(t.db, "store_revenue")) - revenueBefore).toBe(K * P);
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
  return { rows, before, after: await balancesOf(t.db, users), users };
}

/** Every user's balances changed by exactly `delta(row)` (all other assets unchanged). */
function expectDeltas(p: Played, delta: (r: EntryRow) => Partial<Balances>) {
  for (const r of p.rows) {
    const b = p.before.get(r.userId)!;
    const d = { ...ZERO, ...delta(r) };
    expect(p.after.get(r.userId), `seat ${r.seat} (${r.outcome})`).toEqual({
      cash: b.cash + d.cash,
      credit: b.credit + d.credit,
      divPoints: b.divPoints + d.divPoints,
      mallPoints: b.mallPoints + d.mallPoints,
      voucher: b.voucher + d.voucher,
    });
  }
}

const won = (r: EntryRow) => r.outcome === "won";

describe("each reward on its own, through join and draw", () => {
  it("none (L-0 only): winners pay P, losers get P back", async () => {
    const p = await play({});
    expectDeltas(p, (r) => (won(r) ? { cash: -P } : {}));
    for (const r of p.rows) expect(r.dividendPoolFen).toBe(0);
    for (const u of p.users) expect(await readPrizes(t.db, u)).toEqual([]);
  });

  it("W-A: a voucher item credits a voucher of P, a product item makes an order to ship", async () => {
    const p = await play({ WA: { on: true } }, { items: ["voucher", "product"] });
    const kindOf = (r: EntryRow) => (r.seat % 2 === 1 ? "voucher" : "product"); // seat i took item (i-1) % 2
    expectDeltas(p, (r) => (won(r) ? { cash: -P, voucher: kindOf(r) === "voucher" ? P : 0 } : {}));
    for (const r of p.rows) {
      const prizes = await readPrizes(t.db, r.userId);
      if (won(r)) expect(prizes.map((x) => [x.entryId, x.itemId, x.kind, x.status])).toEqual([[r.id, r.itemId, kindOf(r), kindOf(r) === "voucher" ? "credited" : "to_ship"]]);
      else expect(prizes).toEqual([]);
    }
  });

  it("W-B 100%: 19 dividend points per winner (19.99 yuan rounded down)", async () => {
    const p = await play({ WB: { on: true, ratioBp: 10_000 } });
    expectDeltas(p, (r) => (won(r) ? { cash: -P, divPoints: 19 } : {}));
  });

  it("W-C 33.33%: 666 fen of credit per winner (666.27 rounded down)", async () => {
    const p = await play({ WC: { on: true, ratioBp: 3333 } });
    expectDeltas(p, (r) => (won(r) ? { cash: -P, credit: 666 } : {}));
  });

  it("W-D 5%: 99 fen of credit → cash, capped by the credit held before (seat-dependent)", async () => {
    // Users hold 1000, 50, 0, 1000, 50 fen of credit.
    const credit = [1000, 50, 0, 1000, 50];
    const p = await play({ WD: { on: true, ratioBp: 500 } }, { credit: (i) => credit[i]! });
    expectDeltas(p, (r) => {
      const release = Math.min(99, credit[r.seat - 1]!);
      return won(r) ? { cash: -P + release, credit: -release } : {};
    });
  });

  it("W-E 10%: 199 fen into the day's pool per winning entry, no money moves", async () => {
    const p = await play({ WE: { on: true, ratioBp: 1000 } });
    expectDeltas(p, (r) => (won(r) ? { cash: -P } : {}));
    expect(p.rows.map((r) => r.dividendPoolFen)).toEqual(p.rows.map((r) => (won(r) ? 199 : 0)));
  });

  it("W-F 100%: 19 mall points per winner", async () => {
    const p = await play({ WF: { on: true, ratioBp: 10_000 } });
    expectDeltas(p, (r) => (won(r) ? { cash: -P, mallPoints: 19 } : {}));
  });

  it("L-A 5%: 99 fen cash bonus per loser on top of the refund", async () => {
    const p = await play({ LA: { on: true, ratioBp: 500 } });
    expectDeltas(p, (r) => (won(r) ? { cash: -P } : { cash: 99 }));
  });

  it("L-B 33.33%: 666 fen of credit → cash, capped by the credit held before", async () => {
    const credit = [5000, 100, 0, 666, 667];
    const p = await play({ LB: { on: true, ratioBp: 3333 } }, { credit: (i) => credit[i]! });
    expectDeltas(p, (r) => {
      const release = Math.min(666, credit[r.seat - 1]!);
      return won(r) ? { cash: -P } : { cash: release, credit: -release };
    });
  });

  it("L-C 100%: 19 mall points per loser", async () => {
    const p = await play({ LC: { on: true, ratioBp: 10_000 } });
    expectDeltas(p, (r) => (won(r) ? { cash: -P } : { mallPoints: 19 }));
  });

  it("every reward at its default: the whole table at once", async () => {
    const p = await play(
      { WA: { on: true }, WB: { on: true }, WC: { on: true }, WD: { on: true }, WE: { on: true }, WF: { on: true }, LA: { on: true }, LB: { on: true }, LC: { on: true } },
      { credit: () => 1000, items: ["voucher"] },
    );
    expectDeltas(p, (r) => (won(r) ? { cash: -P + 99, credit: -99 + P, divPoints: 19, mallPoints: 19, voucher: P } : { cash: 99 + 99, credit: -99, mallPoints: 19 }));
    expect(p.rows.map((r) => r.dividendPoolFen)).toEqual(p.rows.map((r) => (won(r) ? 199 : 0)));
  });
});

describe("credit releases across two seats of one user", () => {
  it("W-D and L-B at 100% share the 3000 fen held before: 1999 then 1001, whatever the outcomes", async () => {
    const activity = await f.makeActivity({ priceFen: P, groupSize: 3, winners: 1, fullConfig: bareConfig({ seatsPerUser: 2, rewards: { WD: { on: true, ratioBp: 10_000 }, LB: { on: true, ratioBp: 10_000 } } }) });
    const twice = await f.makeShopper({ cash: CASH, credit: 3000 });
    const other = await f.makeShopper({ cash: CASH, credit: 0 });
    const { groupId } = await f.fillAndDraw(activity, [twice, other, twice]);
    const rows = await readEntries(t.db, groupId);
    expect(rows.map((r) => r.userId)).toEqual([twice, other, twice]);
    const mine = rows.filter((r) => r.userId === twice);
    const paid = mine.filter(won).length * P; // a lost seat is refunded
    const after = await balancesOf(t.db, [twice, other]);
    expect(after.get(twice)).toMatchObject({ cash: CASH - paid + 3000, credit: 0 });
    expect(after.get(other)).toMatchObject({ cash: CASH - (won(rows[1]!) ? P : 0), credit: 0 });
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

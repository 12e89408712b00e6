/**
 * 静态释放 (spec §4): off by default; when on, credit × (base + acceleration × that day's entries)
 * basis points moves credit → cash, rounded down, capped at the balance — once per day.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, postTransfers, type TransferInput } from "@/server/domain/ledger";
import { listRunPayouts } from "@/server/domain/settlement/list-settlement-runs";
import { isDomainError } from "@/server/domain/shared/errors";
import { runStaticRelease } from "@/server/domain/settlement/static-release";
import { readSettlementSetting, writeSettlementSetting } from "@/server/domain/settlement/settlement-settings";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUsers, fund } from "../helpers/factories";
import { TEST_ACTOR } from "../helpers/group-fixtures";
import { balancesByUser, countKeys, syntheticEntries } from "./fixtures";

let t: TestDb;
// After every day the tests settle (runs refuse a day that is not over).
const clock = new FixedClock("2040-01-01T02:00:00Z");
let insertEntries: Awaited<ReturnType<typeof syntheticEntries>>;
const ON = { enabled: true, baseBp: 3, accelerationBp: 1 };

beforeAll(async () => {
  t = await createTestDb({ max: 8 });
  insertEntries = await syntheticEntries(t.db, clock);
});
afterAll(() => t?.drop());

let dayNo = 0;
const freshDay = () => new Date(Date.UTC(2031, 0, 1) + dayNo++ * 86_400_000).toISOString().slice(0, 10);

/** Users funded with credit; each run then only touches users it created via a fresh day's entries. */
async function creditUsers(credits: number[]): Promise<string[]> {
  const ids = (await createUsers(t.db, credits.length)).map((u) => u.id);
  for (let i = 0; i < ids.length; i++) if (credits[i]! > 0) await fund(t.db, clock, ids[i]!, "credit", credits[i]!);
  return ids;
}

describe("static release", () => {
  it("is off by default and does nothing", async () => {
    expect((await readSettlementSetting(t.db, "staticRelease")).enabled).toBe(false);
    expect(await runStaticRelease(t.db, clock, { day: freshDay() })).toBeNull();
  });

  it("refuses a day that is not over in Shanghai (its entries still count), and pays nothing", async () => {
    const users = await creditUsers([40_000]);
    // 2035-03-01 ends at 16:00 UTC: one millisecond before, the run is refused.
    const early = new FixedClock("2035-03-01T15:59:59.999Z");
    await expect(runStaticRelease(t.db, early, { day: "2035-03-01", settings: ON })).rejects.toMatchObject({ code: "SETTLEMENT_DAY_NOT_OVER" });
    expect([...(await balancesByUser(t.db, "credit", users)).values()]).toEqual([40_000]);
    expect(await countKeys(t.db, "static-release:2035-03-01:")).toBe(0);
    expect((await runStaticRelease(t.db, new FixedClock("2035-03-01T16:00:00Z"), { day: "2035-03-01", settings: ON }))?.ranNow).toBe(true);
    expect([...(await balancesByUser(t.db, "credit", users)).values()]).toEqual([40_000 - 12]);
  });

  it("releases balance × (base + acceleration × entries), rounded down and capped, each key once (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ credit: fc.integer({ min: 0, max: 2_000_000 }), entries: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 6000 }),
        async (gen, baseBp, accelerationBp) => {
          const day = freshDay();
          const users = await creditUsers(gen.map((g) => g.credit));
          await insertEntries(gen.flatMap((g, i) => Array.from({ length: g.entries }, (_, k) => ({ userId: users[i]!, day, priceFen: 100, dividendPoolFen: 0, outcome: k % 2 ? ("won" as const) : ("lost" as const) }))));
          // A refunded (dissolved) entry does not accelerate.
          await insertEntries([{ userId: users[0]!, day, priceFen: 100, dividendPoolFen: 0, outcome: "refunded" }]);
          const creditBefore = await balancesByUser(t.db, "credit", users);
          const cashBefore = await balancesByUser(t.db, "cash", users);
          const out = await runStaticRelease(t.db, clock, { day, settings: { enabled: true, baseBp, accelerationBp } });
          // Every other user's credit is released too (the job covers all balances): compare only ours.
          const credit = await balancesByUser(t.db, "credit", users);
          const cash = await balancesByUser(t.db, "cash", users);
          gen.forEach((g, i) => {
            const u = users[i]!;
            const expected = Math.min(g.credit, Math.floor((g.credit * (baseBp + accelerationBp * g.entries)) / 10_000));
            expect(creditBefore.get(u)! - credit.get(u)!).toBe(expected);
            expect(cash.get(u)! - cashBefore.get(u)!).toBe(expected);
          });
          expect(out?.ranNow).toBe(true);
          expect(out?.run.entriesPosted).toBe(2 * (out?.run.payees ?? 0));
          // Re-running the day moves nothing.
          const again = await runStaticRelease(t.db, clock, { day, settings: { enabled: true, baseBp, accelerationBp } });
          expect(again?.ranNow).toBe(false);
          expect(await balancesByUser(t.db, "credit", users)).toEqual(credit);
        },
      ),
      { numRuns: 25 },
    );
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("runs from the saved setting once switched on (audited)", async () => {
    await writeSettlementSetting(t.db, clock, TEST_ACTOR, "staticRelease", ON);
    const [u] = await creditUsers([100_000]);
    const out = await runStaticRelease(t.db, clock, { day: freshDay() });
    expect(out?.run.params).toEqual({ baseBp: 3, accelerationBp: 1 });
    expect((await balancesByUser(t.db, "cash", [u!])).get(u!)).toBe(30);
  });

  it("two workers at once release once", async () => {
    const day = freshDay();
    const users = await creditUsers([50_000, 60_000, 70_000]);
    const outs = await Promise.all([0, 1, 2].map(() => runStaticRelease(t.db, clock, { day, settings: ON })));
    expect(outs.filter((o) => o?.ranNow)).toHaveLength(1);
    const cash = await balancesByUser(t.db, "cash", users);
    expect([...cash.values()]).toEqual([15, 18, 21]);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("two workers at once on a run in chunks take turns and release once", async () => {
    const day = freshDay();
    const users = await creditUsers([50_000, 60_000, 70_000]);
    const outs = await Promise.all([0, 1, 2].map(() => runStaticRelease(t.db, clock, { day, settings: ON, chunkSize: 2 })));
    expect(outs.filter((o) => o?.ranNow)).toHaveLength(1);
    expect([...(await balancesByUser(t.db, "cash", users)).values()]).toEqual([15, 18, 21]);
    expect(await countKeys(t.db, `static-release:${day}:`)).toBe(2 * (outs[0]?.run.payees ?? 0));
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  for (const step of ["amounts", "credit", "cash", "recorded"]) {
    it(`a crash after "${step}" releases nothing; the re-run releases exactly once`, async () => {
      const day = freshDay();
      const users = await creditUsers([40_000, 80_000]);
      const crash = (s: string) => {
        if (s === step) throw new Error("injected crash");
      };
      await expect(runStaticRelease(t.db, clock, { day, settings: ON, onStep: crash })).rejects.toThrow("injected crash");
      expect(await countKeys(t.db, `static-release:${day}:`)).toBe(0);
      expect([...(await balancesByUser(t.db, "credit", users)).values()]).toEqual([40_000, 80_000]);
      const rerun = await runStaticRelease(t.db, clock, { day, settings: ON });
      expect(rerun?.ranNow).toBe(true);
      expect([...(await balancesByUser(t.db, "credit", users)).values()]).toEqual([40_000 - 12, 80_000 - 24]);
      expect([...(await balancesByUser(t.db, "cash", users)).values()]).toEqual([12, 24]);
      expect((await runStaticRelease(t.db, clock, { day, settings: ON }))?.ranNow).toBe(false);
      expect(await checkLedgerInvariants(t.db)).toEqual([]);
    });
  }

  it("a run in chunks that crashes half-way keeps its committed chunks; the re-run pays the rest, each user exactly once", async () => {
    const day = freshDay();
    const users = await creditUsers([100_000, 200_000, 300_000, 400_000, 500_000]);
    // Chunks of 2 credit accounts in id order: ours are the newest, so the last chunk holds the last of them.
    const [k] = await t.db.execute<{ n: string }>(sql`SELECT COUNT(*) AS n FROM ledger_accounts WHERE asset = 'credit' AND user_id IS NOT NULL`);
    const lastChunk = Math.ceil(Number(k?.n) / 2);
    let chunks = 0;
    const crash = (s: string) => {
      if (s === "amounts") chunks++;
      if (s === "cash" && chunks === lastChunk) throw new Error("injected crash");
    };
    await expect(runStaticRelease(t.db, clock, { day, settings: ON, onStep: crash, chunkSize: 2 })).rejects.toThrow("injected crash");
    const [failed] = await t.db.execute<{ status: string; resume_after: string | null; payees: number }>(
      sql`SELECT status, resume_after, payees FROM settlement_runs WHERE run_key = ${"static-release:" + day}`,
    );
    expect(failed?.status).toBe("failed");
    expect(Number(failed?.resume_after)).toBeGreaterThan(0);
    // The committed chunks paid (both legs, once each); the crashed one left nothing.
    expect(await countKeys(t.db, `static-release:${day}:`)).toBe(2 * Number(failed?.payees));
    const midCash = await balancesByUser(t.db, "cash", users);
    expect(midCash.get(users[0]!)).toBe(30);
    expect(midCash.get(users[4]!)).toBe(0);

    const rerun = await runStaticRelease(t.db, clock, { day, settings: ON, chunkSize: 2 });
    expect(rerun?.ranNow).toBe(true);
    expect(rerun?.run.status).toBe("done");
    expect([...(await balancesByUser(t.db, "cash", users)).values()]).toEqual([30, 60, 90, 120, 150]);
    expect([...(await balancesByUser(t.db, "credit", users)).values()]).toEqual([100_000 - 30, 200_000 - 60, 300_000 - 90, 400_000 - 120, 500_000 - 150]);
    expect(await countKeys(t.db, `static-release:${day}:`)).toBe(2 * (rerun?.run.payees ?? 0));
    expect(rerun?.run.entriesPosted).toBe(2 * (rerun?.run.payees ?? 0));
    const [paid] = await t.db.execute<{ paid: string }>(sql`SELECT SUM(a) AS paid FROM settlement_payout_batches, unnest(amounts) a WHERE run_id = ${rerun?.run.id ?? 0}`);
    expect(Number(paid?.paid)).toBe(rerun?.run.paidFen);
    expect((await runStaticRelease(t.db, clock, { day, settings: ON, chunkSize: 2 }))?.ranNow).toBe(false);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("records each payee with the balance the release came from; the console pages through the chunks' records", async () => {
    const day = freshDay();
    const credits = [100_000, 200_000, 300_000, 400_000, 500_000];
    const users = await creditUsers(credits);
    // Funded with credit only: the release opens their cash accounts.
    const cashAccounts = sql`SELECT COUNT(*) AS n FROM ledger_accounts WHERE asset = 'cash' AND user_id IN (SELECT unnest(${pgArray(users)}::uuid[]))`;
    expect(Number((await t.db.execute<{ n: string }>(cashAccounts))[0]?.n)).toBe(0);
    const out = await runStaticRelease(t.db, clock, { day, settings: ON, chunkSize: 2 });
    expect([...(await balancesByUser(t.db, "cash", users)).values()]).toEqual(credits.map((c) => (c * 3) / 10_000));
    const runId = out!.run.id;
    const [b] = await t.db.execute<{ n: string }>(sql`SELECT COUNT(*) AS n FROM settlement_payout_batches WHERE run_id = ${runId}`);
    expect(Number(b?.n)).toBeGreaterThanOrEqual(3); // our 5 users span at least 3 chunks of 2
    // Pages of 2 cross chunk boundaries: every payee exactly once, and the page sizes add up.
    const seen: { userId: string; basis: number; amountFen: number }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await listRunPayouts(t.db, { runId, cursor, limit: 2 });
      expect(res.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.items);
      if (!res.nextCursor) break;
      expect(res.items).toHaveLength(2);
      cursor = res.nextCursor;
    }
    expect(seen).toHaveLength(out!.run.payees);
    expect(new Set(seen.map((p) => p.userId)).size).toBe(seen.length);
    expect(seen.reduce((a, p) => a + p.amountFen, 0)).toBe(out!.run.paidFen);
    for (const [i, u] of users.entries()) expect(seen.find((p) => p.userId === u)).toMatchObject({ basis: credits[i], amountFen: credits[i]! * 3 / 10_000 });
    const bad = await listRunPayouts(t.db, { runId, cursor: "not-a-cursor", limit: 2 }).catch((e: unknown) => e);
    expect(isDomainError(bad) && bad.code).toBe("BAD_INPUT");
  });

  it("a key of the run already in the ledger is not paid again, and the run's record leaves that user out", async () => {
    const day = freshDay();
    const users = await creditUsers([100_000, 200_000]);
    // The second user's cash leg posted outside this run (say, by a run whose row was lost).
    await postTransfers(t.db, clock, [
      { key: `static-release:${day}:cash:${users[1]}`, asset: "cash", from: { platform: "rewards_expense" }, to: { userId: users[1]! }, amount: 60, reason: "test", ref: { type: "test", id: "1" } },
    ]);
    const out = await runStaticRelease(t.db, clock, { day, settings: ON });
    expect(out?.ranNow).toBe(true);
    const cash = await balancesByUser(t.db, "cash", users);
    expect([cash.get(users[0]!), cash.get(users[1]!)]).toEqual([30, 60]); // 60 once, never 120
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await listRunPayouts(t.db, { runId: out!.run.id, cursor, limit: 500 });
      all.push(...res.items.map((p) => p.userId));
      cursor = res.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toContain(users[0]);
    expect(all).not.toContain(users[1]);
    expect(out!.run.payees).toBe(all.length);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("runs while shoppers' credit and cash move on 4 other connections: no deadlock, each release matches its recorded basis, every fen accounted for", async () => {
    const day = freshDay();
    const N = 24;
    const users = await creditUsers(Array.from({ length: N }, () => 100_000));
    for (const u of users) await fund(t.db, clock, u, "cash", 100_000);
    const credit0 = await balancesByUser(t.db, "credit", users);
    const cash0 = await balancesByUser(t.db, "cash", users);
    // The model of the concurrent moves, per user: credit and cash in minus out.
    const dCredit = new Map(users.map((u) => [u, 0]));
    const dCash = new Map(users.map((u) => [u, 0]));
    let stop = false;
    let moves = 0;
    const mover = async (w: number) => {
      for (let i = 0; !stop || i < 5; i++) {
        const [a, b, c] = [users[(w * 7 + i * 3) % N]!, users[(w * 5 + i * 11 + 1) % N]!, users[(w + i * 13 + 2) % N]!];
        const transfers: TransferInput[] = [
          { key: `sr-conc:${day}:${w}:${i}:in`, asset: "credit", from: { platform: "credit_issued" }, to: { userId: a }, amount: 70, reason: "test", ref: { type: "test", id: "conc" } },
          { key: `sr-conc:${day}:${w}:${i}:spend`, asset: "credit", from: { userId: c }, to: { platform: "credit_issued" }, amount: 30, reason: "test", ref: { type: "test", id: "conc" } },
        ];
        if (a !== b) transfers.push({ key: `sr-conc:${day}:${w}:${i}:cash`, asset: "cash", from: { userId: a }, to: { userId: b }, amount: 100, reason: "test", ref: { type: "test", id: "conc" } });
        await postTransfers(t.db, clock, transfers);
        dCredit.set(a, dCredit.get(a)! + 70);
        dCredit.set(c, dCredit.get(c)! - 30);
        if (a !== b) {
          dCash.set(a, dCash.get(a)! - 100);
          dCash.set(b, dCash.get(b)! + 100);
        }
        moves++;
      }
    };
    const movers = [0, 1, 2, 3].map(mover);
    // Chunks of 3 credit accounts: many short transactions interleave with the movers.
    const out = await runStaticRelease(t.db, clock, { day, settings: ON, chunkSize: 3 }).finally(() => {
      stop = true;
    });
    await Promise.all(movers);
    expect(out?.ranNow).toBe(true);
    expect(moves).toBeGreaterThan(20);
    const [rows] = await t.db.execute<{ users: string[]; basis: string[]; amounts: string[] }>(sql`
      SELECT array_agg(u) AS users, array_agg(b) AS basis, array_agg(a) AS amounts
      FROM settlement_payout_batches, unnest(user_ids, basis, amounts) AS x(u, b, a) WHERE run_id = ${out!.run.id}`);
    const released = new Map<string, number>();
    rows!.users.forEach((u, i) => {
      const basis = Number(rows!.basis[i]);
      const amount = Number(rows!.amounts[i]);
      expect(amount).toBe(Math.floor((basis * 3) / 10_000));
      released.set(u, amount);
    });
    const credit = await balancesByUser(t.db, "credit", users);
    const cash = await balancesByUser(t.db, "cash", users);
    for (const u of users) {
      expect(released.get(u)).toBeGreaterThan(0);
      expect(credit.get(u)).toBe(credit0.get(u)! + dCredit.get(u)! - released.get(u)!);
      expect(cash.get(u)).toBe(cash0.get(u)! + dCash.get(u)! + released.get(u)!);
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

/**
 * Property: whatever sequence of batches, retries and bad retries is posted, the ledger stays
 * balanced, every user balance equals a model kept here, and no user balance goes below zero.
 * Rejected batches (overdraft, idempotency mismatch) change nothing; replayed batches change nothing.
 *
 * Entries are append-only, so runs are isolated by using fresh users (and keys) per run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { ASSETS, type Asset } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, postTransfers, type PlatformAccount, type TransferInput } from "@/server/domain/ledger";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUsers } from "../helpers/factories";

const USERS = 8;
const PLATFORMS: PlatformAccount[] = ["opening_balances", "rewards_expense", "group_escrow", "payout_clearing"];

let t: TestDb;
const clock = new FixedClock("2026-11-25T00:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.drop());

// ---- generated commands ---------------------------------------------------------------------

type Party = { user: number } | { platform: PlatformAccount };
interface GenTransfer {
  asset: Asset;
  from: Party;
  to: Party;
  amount: number;
}
type Command =
  | { kind: "batch"; transfers: GenTransfer[] }
  /** Re-post an earlier batch (picked by index modulo the batches so far) with the same keys. */
  | { kind: "retry"; pick: number }
  /** Post one transfer of an earlier committed batch, same key and contents, alongside new ones. */
  | { kind: "mixed"; pick: number; keyPick: number; transfers: GenTransfer[] }
  /** Re-post an earlier committed batch with one transfer's amount changed under the same key. */
  | { kind: "tampered"; pick: number; keyPick: number; bump: number };

const partyArb: fc.Arbitrary<Party> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: USERS - 1 }).map((user) => ({ user })) },
  { weight: 1, arbitrary: fc.constantFrom(...PLATFORMS).map((platform) => ({ platform })) },
);
const samePartyAs = (a: Party, b: Party) =>
  "user" in a ? "user" in b && a.user === b.user : "platform" in b && a.platform === b.platform;

const transferArb: fc.Arbitrary<GenTransfer> = fc
  .record({
    asset: fc.constantFrom(...ASSETS),
    from: partyArb,
    to: partyArb,
    // Mostly modest amounts, some large enough to overdraft almost any balance.
    amount: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 500 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }) }),
  })
  .filter((tr) => !samePartyAs(tr.from, tr.to));

const batchArb = fc.array(transferArb, { minLength: 1, maxLength: 5 });

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: batchArb.map((transfers) => ({ kind: "batch" as const, transfers })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: "retry" as const, pick })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ pick: fc.nat(), keyPick: fc.nat(), transfers: fc.array(transferArb, { minLength: 1, maxLength: 3 }) })
      .map((c) => ({ kind: "mixed" as const, ...c })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ pick: fc.nat(), keyPick: fc.nat(), bump: fc.integer({ min: 1, max: 100 }) }).map((c) => ({ kind: "tampered" as const, ...c })),
  },
);

/** Opening funds: each user gets 0–3000 of each asset, so overdrafts and successes both happen. */
const fundingArb = fc.array(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: ASSETS.length, maxLength: ASSETS.length }), {
  minLength: USERS,
  maxLength: USERS,
});

// ---- the model ------------------------------------------------------------------------------

type Model = Map<string, number>; // `${userIndex}|${asset}` → balance
const mkey = (user: number, asset: Asset) => `${user}|${asset}`;

/** The model's verdict on a fresh batch: the balances after it, or null if some user would go below zero. */
function applyToModel(model: Model, batch: GenTransfer[]): Model | null {
  // postTransfers is atomic: only the batch's net effect on each account has to stay >= 0.
  const next = new Map(model);
  for (const tr of batch) {
    if ("user" in tr.from) next.set(mkey(tr.from.user, tr.asset), (next.get(mkey(tr.from.user, tr.asset)) ?? 0) - tr.amount);
    if ("user" in tr.to) next.set(mkey(tr.to.user, tr.asset), (next.get(mkey(tr.to.user, tr.asset)) ?? 0) + tr.amount);
  }
  for (const v of next.values()) if (v < 0) return null;
  return next;
}

// ---- statistics, so the property is known to exercise every path ------------------------------

const seen = { committed: 0, overdraft: 0, replayed: 0, retriedRejected: 0, mixedRejected: 0, tamperedRejected: 0, assets: new Set<Asset>() };

let runNo = 0;

async function runCommands(funding: number[][], commands: Command[]): Promise<void> {
  const run = `r${++runNo}`;
  const userIds = (await createUsers(t.db, USERS)).map((u) => u.id);
  const ref = (p: Party) => ("user" in p ? { userId: userIds[p.user]! } : { platform: p.platform });
  const toInput = (tr: GenTransfer, key: string): TransferInput => ({
    key,
    asset: tr.asset,
    from: ref(tr.from),
    to: ref(tr.to),
    amount: tr.amount,
    reason: "test.property",
    ref: { type: "test.property", id: run },
  });

  let model: Model = new Map();
  let expectedEntries = 0; // entries posted in this run
  const posted: { inputs: TransferInput[]; gen: GenTransfer[]; committed: boolean }[] = [];

  const post = (inputs: TransferInput[]) => t.db.transaction((tx) => postTransfers(tx, clock, inputs));
  const expectRejected = async (inputs: TransferInput[], code: string) => {
    const err = await post(inputs).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(err) ? err.code : err).toBe(code);
  };
  /** A fresh batch: commits exactly when the model says it may. */
  const postFresh = async (gen: GenTransfer[], inputs: TransferInput[]) => {
    const next = applyToModel(model, gen);
    if (next) {
      const res = await post(inputs);
      expect(res.replayed).toBe(false);
      expect(res.entries.map((e) => e.key).sort()).toEqual(inputs.map((i) => i.key).sort());
      model = next;
      expectedEntries += inputs.length;
      seen.committed++;
      for (const g of gen) seen.assets.add(g.asset);
      return true;
    }
    await expectRejected(inputs, "INSUFFICIENT_BALANCE");
    seen.overdraft++;
    return false;
  };

  // Opening funds, one batch.
  const opening: GenTransfer[] = [];
  funding.forEach((perAsset, user) =>
    perAsset.forEach((amount, a) => {
      if (amount > 0) opening.push({ asset: ASSETS[a]!, from: { platform: "opening_balances" }, to: { user }, amount });
    }),
  );
  if (opening.length > 0) {
    const inputs = opening.map((g, i) => toInput(g, `${run}:open:${i}`));
    expect(await postFresh(opening, inputs)).toBe(true);
    posted.push({ inputs, gen: opening, committed: true });
  }

  for (const [n, cmd] of commands.entries()) {
    const committedBatches = posted.filter((p) => p.committed);
    switch (cmd.kind) {
      case "batch": {
        const inputs = cmd.transfers.map((g, i) => toInput(g, `${run}:${n}:${i}`));
        posted.push({ inputs, gen: cmd.transfers, committed: await postFresh(cmd.transfers, inputs) });
        break;
      }
      case "retry": {
        if (posted.length === 0) break;
        const earlier = posted[cmd.pick % posted.length]!;
        if (earlier.committed) {
          const first = await t.db.execute<{ id: string; idempotency_key: string }>(
            sql`SELECT id, idempotency_key FROM ledger_entries WHERE idempotency_key = ANY(${pgArray(earlier.inputs.map((x) => x.key))}::text[])`,
          );
          const res = await post(earlier.inputs);
          expect(res.replayed).toBe(true);
          expect(new Map(res.entries.map((e) => [e.key, e.id]))).toEqual(new Map(first.map((r) => [r.idempotency_key, Number(r.id)])));
          seen.replayed++;
        } else {
          // Its keys were never posted, so a retry is a fresh post judged on today's balances.
          earlier.committed = await postFresh(earlier.gen, earlier.inputs);
          if (!earlier.committed) seen.retriedRejected++;
        }
        break;
      }
      case "mixed": {
        if (committedBatches.length === 0) break;
        const earlier = committedBatches[cmd.pick % committedBatches.length]!;
        const old = earlier.inputs[cmd.keyPick % earlier.inputs.length]!;
        const fresh = cmd.transfers.map((g, i) => toInput(g, `${run}:${n}:${i}`));
        const inputs = [...fresh];
        inputs.splice(cmd.keyPick % (fresh.length + 1), 0, old);
        await expectRejected(inputs, "IDEMPOTENCY_MISMATCH");
        seen.mixedRejected++;
        break;
      }
      case "tampered": {
        if (committedBatches.length === 0) break;
        const earlier = committedBatches[cmd.pick % committedBatches.length]!;
        const i = cmd.keyPick % earlier.inputs.length;
        const inputs = earlier.inputs.map((x, j) => (j === i ? { ...x, amount: x.amount + cmd.bump } : x));
        await expectRejected(inputs, "IDEMPOTENCY_MISMATCH");
        seen.tamperedRejected++;
        break;
      }
    }
    // After every command, rejected or not: balances are the model's and no entry appeared unaccounted.
    await expectDbMatchesModel(run, userIds, model, expectedEntries);
  }

  await expectDbMatchesModel(run, userIds, model, expectedEntries);
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
}

async function expectDbMatchesModel(run: string, userIds: string[], model: Model, expectedEntries: number): Promise<void> {
  // One round trip: this run's user balances, and how many entries this run has posted (by ref).
  const [row] = await t.db.execute<{ entries: string; accounts: { user_id: string; asset: Asset; balance: number }[] | null }>(sql`
    SELECT (SELECT count(*) FROM ledger_entries WHERE ref_type = 'test.property' AND ref_id = ${run}) AS entries,
           (SELECT json_agg(json_build_object('user_id', user_id, 'asset', asset, 'balance', balance))
              FROM ledger_accounts WHERE user_id = ANY(${pgArray(userIds)}::uuid[])) AS accounts`);
  const actual = new Map<string, number>();
  for (const a of row?.accounts ?? []) {
    expect(a.balance).toBeGreaterThanOrEqual(0);
    if (a.balance !== 0) actual.set(mkey(userIds.indexOf(a.user_id), a.asset), a.balance);
  }
  expect(actual).toEqual(new Map([...model].filter(([, v]) => v !== 0)));
  expect(Number(row?.entries)).toBe(expectedEntries);
}

describe("ledger invariants (property)", () => {
  it("hold after any sequence of batches, overdrafts, retries and mismatched retries", async () => {
    await fc.assert(
      fc.asyncProperty(fundingArb, fc.array(commandArb, { minLength: 4, maxLength: 16, size: "max" }), async (funding, commands) => {
        await runCommands(funding, commands);
      }),
      { numRuns: 40 },
    );
    // The whole database, after every run (including shrinking runs).
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
    // Every path was exercised.
    expect(seen.committed).toBeGreaterThan(0);
    expect(seen.overdraft).toBeGreaterThan(0);
    expect(seen.replayed).toBeGreaterThan(0);
    expect(seen.mixedRejected).toBeGreaterThan(0);
    expect(seen.tamperedRejected).toBeGreaterThan(0);
    expect(seen.assets.size).toBe(ASSETS.length);
  });
});

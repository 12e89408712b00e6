/**
 * postTransfersSet: a set of transfers from SQL posts each key once. Property: whatever sets are
 * posted, re-posted whole or after a part of them was posted first, every user balance equals a
 * model that applies each key once, the ledger invariants hold, and an overdraft changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import type { Asset } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError, pgConstraint } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, postTransfersSet, readUserBalances } from "@/server/domain/ledger";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUsers, fund } from "../helpers/factories";

let t: TestDb;
const clock = new FixedClock("2026-11-25T00:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t?.drop());

type Party = { user: number } | { platform: "rewards_expense" | "opening_balances" };
interface Gen {
  from: Party;
  to: Party;
  amount: number;
}

/** The SQL source of a set: one row per transfer, key suffix = its index. */
function sourceOf(rows: Gen[], userIds: string[], only?: Set<number>) {
  const picked = rows.map((r, i) => ({ ...r, i })).filter((r) => !only || only.has(r.i));
  const u = (p: Party) => ("user" in p ? userIds[p.user]! : null);
  const pl = (p: Party) => ("platform" in p ? p.platform : null);
  return sql`SELECT * FROM unnest(
    ${pgArray(picked.map((r) => String(r.i)))}::text[],
    ${pgArray(picked.map((r) => u(r.from)))}::uuid[], ${pgArray(picked.map((r) => pl(r.from)))}::text[],
    ${pgArray(picked.map((r) => u(r.to)))}::uuid[], ${pgArray(picked.map((r) => pl(r.to)))}::text[],
    ${pgArray(picked.map((r) => r.amount))}::bigint[]) AS s(key_suffix, from_user, from_platform, to_user, to_platform, amount)`;
}

const USERS = 6;
const partyArb: fc.Arbitrary<Party> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: USERS - 1 }).map((user) => ({ user })) },
  { weight: 1, arbitrary: fc.constantFrom("rewards_expense" as const, "opening_balances" as const).map((platform) => ({ platform })) },
);
const same = (a: Party, b: Party) => ("user" in a ? "user" in b && a.user === b.user : "platform" in b && a.platform === b.platform);
const genArb = fc.record({ from: partyArb, to: partyArb, amount: fc.integer({ min: 0, max: 800 }) }).filter((g) => !same(g.from, g.to));

let runNo = 0;

describe("postTransfersSet", () => {
  it("posts each key once across re-runs and partial runs; overdrafts change nothing (property)", async () => {
    const seen = { posted: 0, overdraft: 0, partial: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: USERS, maxLength: USERS }),
        fc.array(genArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.constantFrom<Asset>("cash", "credit", "divPoints"),
        async (funding, rows, firstPart, asset) => {
          const run = `set${++runNo}`;
          const userIds = (await createUsers(t.db, USERS)).map((u) => u.id);
          for (let i = 0; i < USERS; i++) if (funding[i]! > 0) await fund(t.db, clock, userIds[i]!, asset, funding[i]!);
          const set = (only?: Set<number>) => ({ keyPrefix: `${run}:`, reason: "test.set", ref: { type: "test", id: run }, asset, select: sourceOf(rows, userIds, only) });

          // The model: a set is atomic; each key applies once.
          const model = [...funding];
          const apply = (idx: number[]) => {
            const next = [...model];
            for (const i of idx) {
              const r = rows[i]!;
              if ("user" in r.from) next[r.from.user]! -= r.amount;
              if ("user" in r.to) next[r.to.user]! += r.amount;
            }
            return next.every((v) => v >= 0) ? next : null;
          };
          const post = (only?: Set<number>) => t.db.transaction((tx) => postTransfersSet(tx, clock, set(only)));
          const allIdx = rows.map((_, i) => i);
          const partIdx = allIdx.filter((i) => firstPart[i]);
          const posted = new Set<number>();

          for (const idx of [partIdx, allIdx, allIdx]) {
            const fresh = idx.filter((i) => !posted.has(i) && rows[i]!.amount > 0);
            const next = apply(fresh);
            if (next) {
              const res = await post(new Set(idx));
              expect(res.inserted).toBe(fresh.length);
              expect(res.amount).toBe(fresh.reduce((s, i) => s + rows[i]!.amount, 0));
              for (const i of fresh) posted.add(i);
              model.splice(0, model.length, ...next);
              if (fresh.length > 0) seen.posted++;
              if (fresh.length > 0 && fresh.length < idx.filter((i) => rows[i]!.amount > 0).length) seen.partial++;
            } else {
              const err = await post(new Set(idx)).then(() => null, (e: unknown) => e);
              expect(isDomainError(err) ? err.code : err).toBe("INSUFFICIENT_BALANCE");
              seen.overdraft++;
            }
          }
          for (let i = 0; i < USERS; i++) expect((await readUserBalances(t.db, userIds[i]!))[asset]).toBe(model[i]);
          const [n] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ledger_entries WHERE ref_id = ${run}`);
          expect(Number(n?.n)).toBe(posted.size);
        },
      ),
      { numRuns: 60 },
    );
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
    expect(seen.posted).toBeGreaterThan(10);
    expect(seen.overdraft).toBeGreaterThan(0);
    expect(seen.partial).toBeGreaterThan(0);
  });

  it("creates missing user and platform accounts and leaves platform rows at zero", async () => {
    const [a, b] = (await createUsers(t.db, 2)).map((u) => u.id);
    const res = await postTransfersSet(t.db, clock, {
      keyPrefix: "new-accounts:",
      reason: "test.set",
      ref: { type: "test", id: "new-accounts" },
      asset: "mallPoints",
      select: sql`SELECT * FROM (VALUES ('a', NULL::uuid, 'rewards_expense', ${a}::uuid, NULL::text, 30::bigint), ('b', NULL, 'rewards_expense', ${b}, NULL, 40)) s(key_suffix, from_user, from_platform, to_user, to_platform, amount)`,
    });
    expect(res).toEqual({ inserted: 2, amount: 70, accountsMoved: 2 });
    expect((await readUserBalances(t.db, a!)).mallPoints).toBe(30);
    const [p] = await t.db.execute<{ balance: string }>(sql`SELECT balance FROM ledger_accounts WHERE platform_name = 'rewards_expense' AND asset = 'mallPoints'`);
    expect(Number(p?.balance)).toBe(0);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("two concurrent posts of the same set move balances once", async () => {
    const ids = (await createUsers(t.db, 20)).map((u) => u.id);
    const select = sql`SELECT u::text AS key_suffix, NULL::uuid AS from_user, 'rewards_expense' AS from_platform, u AS to_user, NULL::text AS to_platform, 100::bigint AS amount FROM unnest(${pgArray(ids)}::uuid[]) u`;
    const set = { keyPrefix: "concurrent:", reason: "test.set", ref: { type: "test", id: "concurrent" }, asset: "cash" as const, select };
    const results = await Promise.all([0, 1, 2].map(() => t.db.transaction((tx) => postTransfersSet(tx, clock, set))));
    expect(results.map((r) => r.inserted).sort((x, y) => x - y)).toEqual([0, 0, 20]);
    for (const id of ids) expect((await readUserBalances(t.db, id)).cash).toBe(100);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("user legs post in one statement, then skip posted keys on a re-run; a row that is not a user leg fails and changes nothing", async () => {
    const ids = (await createUsers(t.db, 3)).map((u) => u.id);
    for (const id of ids) await fund(t.db, clock, id, "cash", 500);
    const [platform] = await t.db.execute<{ id: string }>(sql`SELECT id FROM ledger_accounts WHERE platform_name = 'rewards_expense' AND asset = 'cash'`);
    const accounts = await t.db.execute<{ id: string; user_id: string }>(sql`SELECT id, user_id FROM ledger_accounts WHERE asset = 'cash' AND user_id IN (SELECT unnest(${pgArray(ids)}::uuid[])) ORDER BY id`);
    const legs = (rows: { suffix: string; from: string; to: string; user: string; amount: number }[]) =>
      sql`SELECT * FROM unnest(${pgArray(rows.map((r) => r.suffix))}::text[], ${pgArray(rows.map((r) => r.from))}::bigint[], ${pgArray(rows.map((r) => r.to))}::bigint[],
        ${pgArray(rows.map((r) => r.user))}::bigint[], ${pgArray(rows.map((r) => r.amount))}::bigint[]) AS s(key_suffix, from_account_id, to_account_id, user_account_id, amount)`;
    const post = (keyPrefix: string, select: ReturnType<typeof legs>, db: Pick<typeof t.db, "transaction"> = t.db) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`SELECT 1 FROM ledger_accounts WHERE id IN (SELECT unnest(${pgArray(accounts.map((a) => a.id))}::bigint[])) ORDER BY id FOR NO KEY UPDATE`);
        return postTransfersSet(tx, clock, { keyPrefix, reason: "test.set", ref: { type: "test", id: "legs" }, asset: "cash", resolvedAccounts: true, userAccountsLocked: true, userLegs: true, select });
      });
    // Two users pay the platform, one is paid by it.
    const rows = [
      { suffix: "a", from: accounts[0]!.id, to: platform!.id, user: accounts[0]!.id, amount: 100 },
      { suffix: "b", from: accounts[1]!.id, to: platform!.id, user: accounts[1]!.id, amount: 200 },
      { suffix: "c", from: platform!.id, to: accounts[2]!.id, user: accounts[2]!.id, amount: 50 },
    ];
    expect(await post("legs:", legs(rows))).toEqual({ inserted: 3, amount: 350, accountsMoved: 3 });
    const balances = async () => Promise.all(accounts.map(async (a) => (await readUserBalances(t.db, a.user_id)).cash));
    expect(await balances()).toEqual([400, 300, 550]);
    // Re-posted with one more row: only the new key posts.
    expect(await post("legs:", legs([...rows, { suffix: "d", from: platform!.id, to: accounts[0]!.id, user: accounts[0]!.id, amount: 7 }]))).toMatchObject({ inserted: 1, amount: 7 });
    expect(await balances()).toEqual([407, 300, 550]);
    // Refused whole: a user-to-user row; a row whose "user" account is the platform's; one whose user
    // account is neither of its sides; one whose user account, or platform account, holds another asset.
    await fund(t.db, clock, ids[0]!, "credit", 10);
    const [credit] = await t.db.execute<{ id: string }>(sql`SELECT id FROM ledger_accounts WHERE user_id = ${ids[0]} AND asset = 'credit'`);
    const [creditPlatform] = await t.db.execute<{ id: string }>(sql`SELECT id FROM ledger_accounts WHERE platform_name IS NOT NULL AND asset = 'credit' LIMIT 1`);
    for (const bad of [
      { suffix: "x", from: accounts[0]!.id, to: accounts[1]!.id, user: accounts[0]!.id, amount: 5 },
      { suffix: "y", from: accounts[0]!.id, to: platform!.id, user: platform!.id, amount: 5 },
      { suffix: "z", from: platform!.id, to: accounts[0]!.id, user: accounts[2]!.id, amount: 5 },
      { suffix: "w", from: credit!.id, to: platform!.id, user: credit!.id, amount: 5 },
      { suffix: "v", from: creditPlatform!.id, to: accounts[0]!.id, user: accounts[0]!.id, amount: 5 },
    ]) {
      await expect(post("legs-bad:", legs([{ suffix: "ok", from: platform!.id, to: accounts[1]!.id, user: accounts[1]!.id, amount: 1 }, bad]))).rejects.toThrow("not user legs");
      expect(await balances()).toEqual([407, 300, 550]);
    }
    // The trigger checks every later insert of the transaction again.
    const after = await t.db
      .transaction(async (tx) => {
        await post("legs-after:", legs([{ suffix: "p", from: platform!.id, to: accounts[1]!.id, user: accounts[1]!.id, amount: 1 }]), tx);
        await tx.execute(sql`
          INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
          VALUES ('legs-after:bad', 'cash', ${platform!.id}, ${credit!.id}, 1, 'test', 'test', 'x', now())`);
      })
      .catch((e: unknown) => e);
    expect(pgConstraint(after)).toBe("ledger_entries_to_same_asset");
    // Too little to pay: INSUFFICIENT_BALANCE, nothing moved.
    const over = await post("legs-over:", legs([{ suffix: "o", from: accounts[1]!.id, to: platform!.id, user: accounts[1]!.id, amount: 301 }])).catch((e: unknown) => e);
    expect(isDomainError(over) && over.code).toBe("INSUFFICIENT_BALANCE");
    expect(await balances()).toEqual([407, 300, 550]);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

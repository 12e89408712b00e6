/**
 * Spec §8, §9: manual adjustments keep every ledger invariant, whatever sequence of credits, debits,
 * retries (same id) and overdrafts comes in: each asset sums to zero, no user balance is negative,
 * balances equal their entries, a retry with the same id changes nothing, and a debit larger than the
 * balance is refused by name with nothing written. Concurrent double submits over real parallel
 * connections post once.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSETS, type Asset } from "@/db/schema";
import type { Actor } from "@/server/domain/audit/record-audit";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { isDomainError } from "@/server/domain/shared/errors";
import { adjustBalance } from "@/server/domain/users/adjust-balance";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { staffActor } from "../ads/fixtures";

let t: TestDb;
const clock = new FixedClock("2026-12-03T02:00:00Z");
let finance: Actor;

beforeAll(async () => {
  t = await createTestDb({ max: 12 });
  finance = await staffActor(t.db, "finance");
});
afterAll(() => t.drop());

const adjust = (input: { adjustmentId: string; userId: string; asset: Asset; amount: number; reason?: string }) =>
  t.db.transaction((tx) => adjustBalance(tx, clock, finance, { reason: "客服补偿", ...input }));

async function rowCounts() {
  const [r] = await t.db.execute<{ ledger: string; adjustments: string; audit: string }>(
    sql`SELECT (SELECT count(*) FROM ledger_entries) AS ledger, (SELECT count(*) FROM manual_adjustments) AS adjustments, (SELECT count(*) FROM audit_log) AS audit`,
  );
  return r;
}

type Cmd = { user: number; asset: Asset; amount: number; retry: number | null };

describe("manual adjustments", () => {
  it("keep every ledger invariant; retries replay; overdrafts are refused and change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            user: fc.integer({ min: 0, max: 2 }),
            asset: fc.constantFrom(...ASSETS),
            amount: fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0),
            retry: fc.option(fc.nat(), { nil: null }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (cmds: Cmd[]) => {
          const users = [await createUser(t.db), await createUser(t.db), await createUser(t.db)].map((u) => u.id);
          const model = users.map(() => Object.fromEntries(ASSETS.map((a) => [a, 0])) as Record<Asset, number>);
          const done: { adjustmentId: string; userId: string; asset: Asset; amount: number }[] = [];
          for (const c of cmds) {
            const prior = c.retry !== null && done.length > 0 ? done[c.retry % done.length] : undefined;
            if (prior) {
              const before = await rowCounts();
              const r = await adjust(prior);
              expect(r.replayed).toBe(true);
              expect(await rowCounts()).toEqual(before);
              continue;
            }
            const userId = users[c.user]!;
            const input = { adjustmentId: randomUUID(), userId, asset: c.asset, amount: c.amount };
            const have = model[c.user]![c.asset];
            if (have + c.amount < 0) {
              const before = await rowCounts();
              const err = await adjust(input).catch((e: unknown) => e);
              expect(isDomainError(err) && err.code).toBe("ADJUSTMENT_EXCEEDS_BALANCE");
              expect(await rowCounts()).toEqual(before);
            } else {
              const r = await adjust(input);
              expect(r).toMatchObject({ replayed: false, adjustment: { balanceBefore: have, balanceAfter: have + c.amount } });
              model[c.user]![c.asset] = have + c.amount;
              done.push(input);
            }
          }
          for (let i = 0; i < users.length; i++) expect(await readUserBalances(t.db, users[i]!)).toEqual(model[i]);
          expect(await checkLedgerInvariants(t.db)).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("concurrent double submits over parallel connections post once", async () => {
    for (let round = 0; round < 5; round++) {
      const u = await createUser(t.db);
      const credit = { adjustmentId: randomUUID(), userId: u.id, asset: "cash" as const, amount: 10_000 };
      const results = await Promise.all(Array.from({ length: 6 }, () => adjust(credit)));
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.adjustment.id))).toEqual(new Set([credit.adjustmentId]));
      // A debit of the whole balance, submitted six times at once: once, never below zero.
      const debit = { adjustmentId: randomUUID(), userId: u.id, asset: "cash" as const, amount: -10_000 };
      const debits = await Promise.all(Array.from({ length: 6 }, () => adjust(debit)));
      expect(debits.filter((r) => !r.replayed)).toHaveLength(1);
      expect((await readUserBalances(t.db, u.id)).cash).toBe(0);
      const [n] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key IN (${"adjustment:" + credit.adjustmentId}, ${"adjustment:" + debit.adjustmentId})`);
      expect(Number(n?.n)).toBe(2);
      // Two different debits racing for the same money: one posts, the other is refused.
      await adjust({ adjustmentId: randomUUID(), userId: u.id, asset: "cash", amount: 5_000 });
      const race = await Promise.allSettled([0, 1].map(() => adjust({ adjustmentId: randomUUID(), userId: u.id, asset: "cash", amount: -4_000 })));
      expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = race.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(isDomainError(refused.reason) && refused.reason.code).toBe("ADJUSTMENT_EXCEEDS_BALANCE");
      expect((await readUserBalances(t.db, u.id)).cash).toBe(1_000);
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("through the router: a clear error for a debit past the balance; the entry, the shopper's history and the audit row", async () => {
    const u = await createUser(t.db);
    const caller = callerFor(t.db, clock, { id: finance.id, role: "finance" }, { ip: "192.0.2.91" });
    const platformBefore = await readPlatformBalance(t.db, "manual_adjustments", "mallPoints");
    const err = await catchTrpc(() => caller.admin.user.adjust({ adjustmentId: randomUUID(), userId: u.id, asset: "cash", amount: -1, reason: "测试" }));
    expect(err).toMatchObject({ trpcCode: "CONFLICT", domainCode: "ADJUSTMENT_EXCEEDS_BALANCE" });
    expect(err.message).toBe("扣减 0.01 超过当前余额 0.00，余额不能为负");
    expect(await catchTrpc(() => caller.admin.user.adjust({ adjustmentId: randomUUID(), userId: u.id, asset: "cash", amount: 100, reason: " " }))).toMatchObject({ domainCode: "ADJUSTMENT_REASON_REQUIRED" });
    expect(await catchTrpc(() => caller.admin.user.adjust({ adjustmentId: randomUUID(), userId: u.id, asset: "cash", amount: 0, reason: "测试" }))).toMatchObject({ domainCode: "ADJUSTMENT_OUT_OF_RANGE" });
    expect(await catchTrpc(() => caller.admin.user.adjust({ adjustmentId: randomUUID(), userId: finance.id, asset: "cash", amount: 100, reason: "测试" }))).toMatchObject({ domainCode: "NOT_FOUND" });
    expect(await t.db.execute(sql`SELECT 1 FROM audit_log WHERE ip = '192.0.2.91'`)).toHaveLength(0);

    const id = randomUUID();
    await caller.admin.user.adjust({ adjustmentId: id, userId: u.id, asset: "mallPoints", amount: 300, reason: "11月活动补偿积分" });
    expect(await readPlatformBalance(t.db, "manual_adjustments", "mallPoints")).toBe(platformBefore - 300);
    const history = await callerFor(t.db, clock, { id: u.id, role: "shopper" }).wallet.history({});
    expect(history.items[0]).toMatchObject({ asset: "mallPoints", amount: 300, reason: "adjustment.credit", note: "11月活动补偿积分", refType: "manual_adjustment", refId: id });
    const [audit] = await t.db.execute<{ action: string; target_id: string; before: unknown; after: unknown }>(sql`SELECT action, target_id, before, after FROM audit_log WHERE ip = '192.0.2.91'`);
    expect(audit).toEqual({ action: "user.adjust", target_id: u.id, before: { asset: "mallPoints", balance: 0 }, after: { asset: "mallPoints", balance: 300, amount: 300, reason: "11月活动补偿积分", adjustmentId: id } });
    // The same id with another amount is a mismatch, not a second posting.
    expect(await catchTrpc(() => caller.admin.user.adjust({ adjustmentId: id, userId: u.id, asset: "mallPoints", amount: 301, reason: "x2" }))).toMatchObject({ domainCode: "IDEMPOTENCY_MISMATCH" });
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, count, eq, sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { auditLog, ledgerEntries, payouts, users, withdrawals } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, listUserEntries, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { SETTING_DEFAULTS } from "@/server/domain/settings/platform-settings";
import { requestWithdrawal } from "@/server/domain/wallet/request-withdrawal";
import { decideWithdrawal } from "@/server/domain/wallet/decide-withdrawal";
import type { Actor } from "@/server/domain/audit/record-audit";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { aDestination } from "../helpers/payout-fixtures";
import { payOutThroughSandbox } from "@/server/payouts/sandbox-drive";
import { settleSandboxRow } from "@/server/payouts/sandbox-payouts";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";

let t: TestDb;
const clock = new FixedClock("2026-11-25T15:00:00Z");
const MIN = SETTING_DEFAULTS.wallet.withdrawalMinFen;
const FINANCE_IP = "203.0.113.7";
let finance: { id: string; role: "finance" };
let owner: { id: string; role: "owner" };

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance" };
  owner = { id: (await createUser(t.db, { role: "owner" })).id, role: "owner" };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const key = () => `ck-${randomUUID()}`;
const asShopper = (userId: string, db: Db = t.db) => callerFor(db, clock, { id: userId, role: "shopper" });
const asFinance = (db: Db = t.db) => callerFor(db, clock, finance, { ip: FINANCE_IP });
const asOwner = (db: Db = t.db) => callerFor(db, clock, owner, { ip: "203.0.113.8" });

const destinations = new Map<string, string>();
const destOf = (userId: string) => destinations.get(userId) ?? "";
const SANDBOX = { payoutProviders: [] };

/** A shopper with `amount` of cash and an Alipay destination. */
async function fundedShopper(amount: number): Promise<string> {
  const u = await createUser(t.db);
  if (amount > 0) await fund(t.db, clock, u.id, "cash", amount);
  destinations.set(u.id, await aDestination(t.db, clock, u.id));
  return u.id;
}

const cash = async (userId: string) => (await readUserBalances(t.db, userId)).cash;
const hold = () => readPlatformBalance(t.db, "withdrawal_hold", "cash");
const paidOut = () => readPlatformBalance(t.db, "payout_clearing", "cash");
const withdrawalsOf = (userId: string) => t.db.select().from(withdrawals).where(eq(withdrawals.userId, userId));
const auditFor = (withdrawalId: string) => t.db.select().from(auditLog).where(and(eq(auditLog.targetType, "withdrawal"), eq(auditLog.targetId, withdrawalId)));

describe("requesting a withdrawal", () => {
  it("refuses an amount below the minimum, and holds nothing", async () => {
    const u = await fundedShopper(50_000);
    const err = await catchTrpc(() => asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: MIN - 1, clientKey: key() }));
    expect(err).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "WITHDRAWAL_BELOW_MINIMUM" });
    expect(await cash(u)).toBe(50_000);
    expect(await withdrawalsOf(u)).toEqual([]);
  });

  it("refuses more than the cash balance with INSUFFICIENT_BALANCE and leaves no withdrawal row", async () => {
    const u = await fundedShopper(5_000);
    const holdBefore = await hold();
    const err = await catchTrpc(() => asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 5_001, clientKey: key() }));
    expect(err).toMatchObject({ trpcCode: "CONFLICT", domainCode: "INSUFFICIENT_BALANCE" });
    expect(await withdrawalsOf(u)).toEqual([]);
    expect(await cash(u)).toBe(5_000);
    expect(await hold()).toBe(holdBefore);
    // A shopper with no cash account at all is refused the same way.
    const broke = await fundedShopper(0);
    expect((await catchTrpc(() => asShopper(broke).wallet.requestWithdrawal({ destinationId: destOf(broke), amountFen: MIN, clientKey: key() }))).domainCode).toBe("INSUFFICIENT_BALANCE");
    expect(await withdrawalsOf(broke)).toEqual([]);
  });

  it("holds the funds at once: cash down, withdrawal_hold up", async () => {
    const u = await fundedShopper(20_000);
    const holdBefore = await hold();
    const w = await asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 7_000, clientKey: key() });
    expect(w).toMatchObject({ amountFen: 7_000, status: "pending" });
    expect(await cash(u)).toBe(13_000);
    expect(await hold()).toBe(holdBefore + 7_000);
    const { items } = await listUserEntries(t.db, { userId: u, limit: 10 });
    expect(items[0]).toMatchObject({ amount: -7_000, reason: "withdrawal.hold", refType: "withdrawal", refId: w.id });
    const mine = await asShopper(u).wallet.withdrawals({});
    expect(mine.items.map((i) => [i.id, i.status])).toEqual([[w.id, "pending"]]);
  });

  it("returns the same withdrawal for the same clientKey and holds once", async () => {
    const u = await fundedShopper(20_000);
    const clientKey = key();
    const first = await asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 4_000, clientKey });
    const again = await asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 4_000, clientKey });
    expect(again).toEqual(first);
    expect(await cash(u)).toBe(16_000);
    expect(await withdrawalsOf(u)).toHaveLength(1);
    // The same key with another amount is a different request: refused, nothing moves.
    expect((await catchTrpc(() => asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 5_000, clientKey }))).domainCode).toBe("IDEMPOTENCY_MISMATCH");
    expect(await cash(u)).toBe(16_000);
    // Another shopper using the same key gets their own withdrawal.
    const v = await fundedShopper(10_000);
    const theirs = await asShopper(v).wallet.requestWithdrawal({ destinationId: destOf(v), amountFen: 4_000, clientKey });
    expect(theirs.id).not.toBe(first.id);
    expect(await cash(v)).toBe(6_000);
  });

  it("holds once when the same clientKey arrives 10 times at once", async () => {
    const u = await fundedShopper(20_000);
    const clientKey = key();
    const pool = createDb(t.url, { max: 12 });
    try {
      const results = await Promise.all(Array.from({ length: 10 }, () => asShopper(u, pool.db).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 3_000, clientKey })));
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
    } finally {
      await pool.close();
    }
    expect(await cash(u)).toBe(17_000);
    expect(await withdrawalsOf(u)).toHaveLength(1);
  });

  it("refuses a frozen account with ACCOUNT_FROZEN", async () => {
    const u = await fundedShopper(20_000);
    await t.db.update(users).set({ frozen: true }).where(eq(users.id, u));
    const err = await catchTrpc(() => asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: MIN, clientKey: key() }));
    expect(err).toMatchObject({ trpcCode: "FORBIDDEN", domainCode: "ACCOUNT_FROZEN" });
    expect(await cash(u)).toBe(20_000);
    expect(await withdrawalsOf(u)).toEqual([]);
  });
});

describe("deciding a withdrawal", () => {
  it("approve by finance: sent to the payout provider, funds still held, an audit row; paid once the provider confirms", async () => {
    const u = await fundedShopper(30_000);
    const w = await asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 12_000, clientKey: key() });
    const [holdBefore, paidBefore] = [await hold(), await paidOut()];

    const decided = await asFinance().admin.decideWithdrawal({ withdrawalId: w.id, decision: "approve", note: "bank ok" });
    expect(decided).toMatchObject({ id: w.id, status: "processing" });

    // Approved is not paid: the money stays held until the provider says so.
    expect(await cash(u)).toBe(18_000);
    expect(await hold()).toBe(holdBefore);
    expect(await paidOut()).toBe(paidBefore);
    const [row] = await withdrawalsOf(u);
    expect(row).toMatchObject({ status: "processing", decidedBy: finance.id, decisionNote: "bank ok" });
    expect(row!.decidedAt?.toISOString()).toBe(clock.now().toISOString());
    // The router handed it to the (sandbox) provider right after the commit.
    const [payout] = await t.db.select().from(payouts).where(eq(payouts.withdrawalId, w.id));
    expect(payout).toMatchObject({ id: decided.payoutId, provider: "sandbox", status: "processing", amountFen: 12_000 });
    expect(payout!.providerPayoutId).toMatch(/^sbp_/);
    const audit = await auditFor(w.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: finance.id,
      actorRole: "finance",
      action: "withdrawal.approve",
      targetType: "withdrawal",
      targetId: w.id,
      before: { status: "pending", amountFen: 12_000 },
      after: { status: "processing", note: "bank ok", payoutId: decided.payoutId, provider: "sandbox" },
      ip: FINANCE_IP,
    });
    expect(audit[0]!.createdAt.toISOString()).toBe(clock.now().toISOString());
    expect((await asShopper(u).wallet.withdrawals({})).items[0]).toMatchObject({ id: w.id, status: "processing" });

    const settled = await settleSandboxRow(t.db, clock, { providerPayoutId: payout!.providerPayoutId!, outcome: "succeeded" });
    await t.db.transaction((tx) => applyPayoutReport(tx, clock, "sandbox", { ...settled, payload: "{}" }));
    expect(await hold()).toBe(holdBefore - 12_000);
    expect(await paidOut()).toBe(paidBefore + 12_000);
    expect(await cash(u)).toBe(18_000);
    expect((await asShopper(u).wallet.withdrawals({})).items[0]).toMatchObject({ id: w.id, status: "paid" });
  });

  it("reject: funds back to cash, and an audit row", async () => {
    const u = await fundedShopper(30_000);
    const w = await asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 10_000, clientKey: key() });
    expect(await cash(u)).toBe(20_000);
    const [holdBefore, paidBefore] = [await hold(), await paidOut()];

    // A rejection needs a reason the shopper will read.
    expect(await catchTrpc(() => asOwner().admin.decideWithdrawal({ withdrawalId: w.id, decision: "reject", note: "  " }))).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "WITHDRAWAL_REASON_REQUIRED" });
    expect(await cash(u)).toBe(20_000);
    await expect(asOwner().admin.decideWithdrawal({ withdrawalId: w.id, decision: "reject", note: "收款信息有误" })).resolves.toEqual({ id: w.id, status: "rejected", payoutId: null, provider: null });

    expect(await cash(u)).toBe(30_000);
    expect(await hold()).toBe(holdBefore - 10_000);
    expect(await paidOut()).toBe(paidBefore);
    const { items } = await listUserEntries(t.db, { userId: u, limit: 10 });
    expect(items[0]).toMatchObject({ amount: 10_000, reason: "withdrawal.returned", refId: w.id });
    const audit = await auditFor(w.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: owner.id,
      actorRole: "owner",
      action: "withdrawal.reject",
      before: { status: "pending", amountFen: 10_000 },
      after: { status: "rejected", note: "收款信息有误" },
      ip: "203.0.113.8",
    });
  });

  it("refuses a second decision with WITHDRAWAL_NOT_PENDING and moves nothing", async () => {
    const u = await fundedShopper(30_000);
    const w = await asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 10_000, clientKey: key() });
    await asFinance().admin.decideWithdrawal({ withdrawalId: w.id, decision: "approve" });
    const [cashBefore, holdBefore, paidBefore, entriesBefore] = [await cash(u), await hold(), await paidOut(), await t.db.select({ n: count() }).from(ledgerEntries)];
    for (const decision of ["approve", "reject"] as const) {
      const err = await catchTrpc(() => asFinance().admin.decideWithdrawal({ withdrawalId: w.id, decision, note: "again" }));
      expect(err).toMatchObject({ trpcCode: "CONFLICT", domainCode: "WITHDRAWAL_NOT_PENDING" });
    }
    expect([await cash(u), await hold(), await paidOut(), await t.db.select({ n: count() }).from(ledgerEntries)]).toEqual([cashBefore, holdBefore, paidBefore, entriesBefore]);
    expect(await auditFor(w.id)).toHaveLength(1);
    expect((await catchTrpc(() => asFinance().admin.decideWithdrawal({ withdrawalId: randomUUID(), decision: "approve" }))).domainCode).toBe("NOT_FOUND");
  });

  it("lets exactly one of two concurrent decisions (approve vs reject) win, and moves the money once", async () => {
    const pool = createDb(t.url, { max: 4 });
    const winners: string[] = [];
    try {
      for (let round = 0; round < 8; round++) {
        const u = await fundedShopper(10_000);
        const w = await asShopper(u).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 10_000, clientKey: key() });
        const [holdBefore, paidBefore] = [await hold(), await paidOut()];
        const results = await Promise.allSettled([
          asFinance(pool.db).admin.decideWithdrawal({ withdrawalId: w.id, decision: "approve" }),
          asOwner(pool.db).admin.decideWithdrawal({ withdrawalId: w.id, decision: "reject", note: "race" }),
        ]);
        const won = results.filter((r) => r.status === "fulfilled");
        expect(won).toHaveLength(1);
        const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect((lost.reason as { cause?: DomainError }).cause?.code).toBe("WITHDRAWAL_NOT_PENDING");
        const status = (won[0] as PromiseFulfilledResult<{ status: string }>).value.status;
        winners.push(status);

        if (status === "processing") {
          expect(await hold()).toBe(holdBefore);
          expect(await cash(u)).toBe(0);
          expect(await paidOut()).toBe(paidBefore);
        } else {
          expect(await hold()).toBe(holdBefore - 10_000);
          expect(status).toBe("rejected");
          expect(await cash(u)).toBe(10_000);
          expect(await paidOut()).toBe(paidBefore);
        }
        const [row] = await withdrawalsOf(u);
        expect(row!.status).toBe(status);
        expect(await auditFor(w.id)).toHaveLength(1);
      }
    } finally {
      await pool.close();
    }
    expect(winners).toHaveLength(8);
  });

  it("lets exactly one of 50 concurrent withdrawals of the full balance through", async () => {
    const u = await fundedShopper(25_000);
    const holdBefore = await hold();
    const pool = createDb(t.url, { max: 25 });
    let results: PromiseSettledResult<{ id: string }>[];
    try {
      results = await Promise.allSettled(Array.from({ length: 50 }, () => asShopper(u, pool.db).wallet.requestWithdrawal({ destinationId: destOf(u), amountFen: 25_000, clientKey: key() })));
    } finally {
      await pool.close();
    }
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    const codes = results.filter((r) => r.status === "rejected").map((r) => ((r as PromiseRejectedResult).reason as { cause?: DomainError }).cause?.code);
    expect(new Set(codes)).toEqual(new Set(["INSUFFICIENT_BALANCE"]));
    expect(await cash(u)).toBe(0);
    expect(await hold()).toBe(holdBefore + 25_000);
    const rows = await withdrawalsOf(u);
    expect(rows.map((r) => [r.id, r.amountFen])).toEqual([[(ok[0] as PromiseFulfilledResult<{ id: string }>).value.id, 25_000]]);
  });
});

describe("property: any sequence of requests, decisions and retries", () => {
  type Op =
    | { kind: "request"; amount: number }
    | { kind: "retry"; pick: number; sameAmount: boolean }
    | { kind: "approve"; pick: number; providerFails: boolean }
    | { kind: "reject"; pick: number };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("request" as const), amount: fc.integer({ min: MIN - 300, max: 12_000 }) }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant("retry" as const), pick: fc.nat(20), sameAmount: fc.boolean() }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("approve" as const), pick: fc.nat(20), providerFails: fc.boolean() }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("reject" as const), pick: fc.nat(20) }), weight: 2 },
  );

  const actor: () => Actor = () => ({ id: finance.id, role: "finance", ip: FINANCE_IP });
  const codeOf = async <T,>(p: Promise<T>): Promise<T | string> => p.catch((e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)));

  it("keeps cash + held = funded − paid out through approvals the provider pays or fails, never negative, invariants empty, retries change nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40_000 }), fc.array(opArb, { minLength: 1, maxLength: 14 }), async (funded, ops) => {
        const userId = await fundedShopper(funded);
        // The model: what the database should say after each step.
        const model = { cash: funded, held: 0, paid: 0 };
        const made: { id: string; clientKey: string; amount: number; status: "pending" | "paid" | "rejected" | "failed" }[] = [];
        const destinationId = destOf(userId);
        const request = (amount: number, clientKey: string) => codeOf(t.db.transaction((tx) => requestWithdrawal(tx, clock, { userId, amountFen: amount, destinationId, clientKey })));
        // Approval, then the sandbox provider's verdict; rejection with its reason.
        const decide = (id: string, op: Extract<Op, { kind: "approve" | "reject" }>) =>
          codeOf<unknown>(
            op.kind === "approve"
              ? payOutThroughSandbox(t.db, clock, actor(), id, op.providerFails ? "failed" : "succeeded")
              : t.db.transaction((tx) => decideWithdrawal(tx, clock, actor(), { withdrawalId: id, decision: "reject", note: "property" }, SANDBOX)),
          );

        for (const op of ops) {
          clock.advance(1000);
          if (op.kind === "request") {
            const clientKey = key();
            const r = await request(op.amount, clientKey);
            if (op.amount < MIN) expect(r).toBe("WITHDRAWAL_BELOW_MINIMUM");
            else if (op.amount > model.cash) expect(r).toBe("INSUFFICIENT_BALANCE");
            else {
              expect(r).toMatchObject({ amountFen: op.amount, status: "pending" });
              made.push({ id: (r as { id: string }).id, clientKey, amount: op.amount, status: "pending" });
              model.cash -= op.amount;
              model.held += op.amount;
            }
          } else if (made.length > 0) {
            const w = made[op.pick % made.length]!;
            if (op.kind === "retry") {
              const amount = op.sameAmount ? w.amount : w.amount + 100;
              const r = await request(amount, w.clientKey);
              if (op.sameAmount) expect(r).toMatchObject({ id: w.id, amountFen: w.amount, status: w.status });
              else expect(r).toBe("IDEMPOTENCY_MISMATCH");
            } else {
              const r = await decide(w.id, op);
              if (w.status !== "pending") expect(r).toBe("WITHDRAWAL_NOT_PENDING");
              else if (op.kind === "approve") {
                expect(r).toEqual({ outcome: op.providerFails ? "failed" : "paid", withdrawalId: w.id });
                w.status = op.providerFails ? "failed" : "paid";
                model.held -= w.amount;
                // A failed payout returns the money to cash, as a rejection does.
                if (op.providerFails) model.cash += w.amount;
                else model.paid += w.amount;
              } else {
                expect(r).toEqual({ id: w.id, status: "rejected", payoutId: null, provider: null });
                w.status = "rejected";
                model.held -= w.amount;
                model.cash += w.amount;
              }
            }
          }
          // After every step, the database agrees with the model.
          const balance = await cash(userId);
          expect(balance).toBe(model.cash);
          expect(balance).toBeGreaterThanOrEqual(0);
          const rows = await withdrawalsOf(userId);
          expect(rows).toHaveLength(made.length);
          const sum = (s: string) => rows.filter((r) => r.status === s).reduce((a, r) => a + r.amountFen, 0);
          expect(sum("pending")).toBe(model.held);
          expect(sum("paid")).toBe(model.paid);
          expect(balance + sum("pending")).toBe(funded - sum("paid"));
        }
        // The platform side agrees with every withdrawal in the database (all tests' included).
        const [totals] = await t.db.execute<{ pending: string; paid: string }>(
          sql`SELECT COALESCE(SUM(amount_fen) FILTER (WHERE status IN ('pending', 'processing')), 0) AS pending, COALESCE(SUM(amount_fen) FILTER (WHERE status = 'paid'), 0) AS paid FROM withdrawals`,
        );
        expect(await hold()).toBe(Number(totals!.pending));
        expect(await paidOut()).toBe(Number(totals!.paid));
        expect(await checkLedgerInvariants(t.db)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

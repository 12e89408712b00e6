/**
 * What the database itself refuses, whatever the application code does: edits of the append-only
 * tables, negative user balances, and malformed entries written with plain SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";

let t: TestDb;
const clock = new FixedClock("2026-11-25T00:00:00Z");
let userId: string;
let cashAccount: number;
let creditAccount: number;
let platformCashAccount: number;

interface PgError {
  code?: string;
  message?: string;
  constraint_name?: string;
}

/** Runs one statement that must fail and returns the PostgreSQL error (drizzle wraps it in `cause`). */
async function pgFailure(statement: SQL): Promise<PgError> {
  const outcome = await t.db.execute(statement).then(
    () => null,
    (e: unknown) => e as { cause?: PgError } & PgError,
  );
  expect(outcome, "the statement should have been rejected").not.toBeNull();
  return outcome!.cause ?? outcome!;
}

async function count(table: "ledger_entries" | "audit_log"): Promise<number> {
  const [row] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`);
  return Number(row?.n);
}

async function accountId(where: SQL): Promise<number> {
  const [row] = await t.db.execute<{ id: string }>(sql`SELECT id FROM ledger_accounts WHERE ${where}`);
  return Number(row!.id);
}

beforeAll(async () => {
  t = await createTestDb();
  userId = (await createUser(t.db)).id;
  await fund(t.db, clock, userId, "cash", 1000);
  await fund(t.db, clock, userId, "credit", 500);
  cashAccount = await accountId(sql`user_id = ${userId} AND asset = 'cash'`);
  creditAccount = await accountId(sql`user_id = ${userId} AND asset = 'credit'`);
  platformCashAccount = await accountId(sql`platform_name = 'opening_balances' AND asset = 'cash'`);
  await t.db.execute(sql`
    INSERT INTO audit_log (actor_id, actor_role, action, target_type, target_id, before, after, ip, created_at)
    VALUES (${userId}, 'owner', 'test.action', 'user', ${userId}, NULL, '{"frozen": true}', '127.0.0.1', ${clock.now().toISOString()})`);
});
afterAll(() => t?.drop());

describe("append-only tables", () => {
  it("ledger_entries refuses UPDATE, DELETE and TRUNCATE", async () => {
    const before = await count("ledger_entries");
    expect(before).toBeGreaterThan(0);
    for (const statement of [
      // eslint-disable-next-line pinpin/no-unscoped-write -- the statement the append-only trigger must refuse
      sql`UPDATE ledger_entries SET amount = amount + 1`,
      sql`UPDATE ledger_entries SET reason = 'edited' WHERE to_account_id = ${cashAccount}`,
      // eslint-disable-next-line pinpin/no-unscoped-write -- the statement the append-only trigger must refuse
      sql`DELETE FROM ledger_entries`,
      sql`DELETE FROM ledger_entries WHERE to_account_id = ${creditAccount}`,
      sql`TRUNCATE ledger_entries`,
    ]) {
      const err = await pgFailure(statement);
      expect(err.message).toMatch(/ledger_entries is append-only/);
      expect(err.code).toBe("P0001");
    }
    expect(await count("ledger_entries")).toBe(before);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("audit_log refuses UPDATE, DELETE and TRUNCATE", async () => {
    const before = await count("audit_log");
    expect(before).toBe(1);
    for (const statement of [
      // eslint-disable-next-line pinpin/no-unscoped-write -- the statement the append-only trigger must refuse
      sql`UPDATE audit_log SET action = 'nothing happened'`,
      sql`UPDATE audit_log SET after = NULL WHERE target_id = ${userId}`,
      // eslint-disable-next-line pinpin/no-unscoped-write -- the statement the append-only trigger must refuse
      sql`DELETE FROM audit_log`,
      sql`TRUNCATE audit_log`,
    ]) {
      const err = await pgFailure(statement);
      expect(err.message).toMatch(/audit_log is append-only/);
    }
    expect(await count("audit_log")).toBe(before);
  });
});

describe("ledger_accounts constraints", () => {
  it("a direct UPDATE that makes a user balance negative fails by the CHECK", async () => {
    const err = await pgFailure(sql`UPDATE ledger_accounts SET balance = balance - 1001 WHERE id = ${cashAccount}`);
    expect(err.code).toBe("23514");
    expect(err.constraint_name).toBe("ledger_accounts_user_not_negative");
    const [row] = await t.db.execute<{ balance: string }>(sql`SELECT balance FROM ledger_accounts WHERE id = ${cashAccount}`);
    expect(Number(row?.balance)).toBe(1000);
  });

  it("a platform account's balance column cannot be set (platform balances are derived)", async () => {
    const err = await pgFailure(sql`UPDATE ledger_accounts SET balance = 5 WHERE id = ${platformCashAccount}`);
    expect(err.constraint_name).toBe("ledger_accounts_platform_balance_derived");
  });

  it("an account is never deleted and never changes id, asset or owner (entries refer to it)", async () => {
    for (const statement of [
      sql`DELETE FROM ledger_accounts WHERE id = ${cashAccount}`,
      sql`TRUNCATE ledger_accounts CASCADE`,
      sql`UPDATE ledger_accounts SET asset = 'voucher' WHERE id = ${cashAccount}`,
      sql`UPDATE ledger_accounts SET id = id + 1000000 WHERE id = ${creditAccount}`,
      sql`UPDATE ledger_accounts SET user_id = NULL, platform_name = 'ad_revenue' WHERE id = ${cashAccount}`,
    ]) {
      const err = await pgFailure(statement);
      expect(err.message).toMatch(/ledger_accounts: (DELETE|TRUNCATE|UPDATE) rejected/);
      expect(err.code).toBe("P0001");
    }
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("an account has exactly one owner", async () => {
    const none = await pgFailure(sql`INSERT INTO ledger_accounts (asset, user_id, platform_name) VALUES ('cash', NULL, NULL)`);
    expect(none.constraint_name).toBe("ledger_accounts_one_owner");
    const both = await pgFailure(sql`INSERT INTO ledger_accounts (asset, user_id, platform_name) VALUES ('voucher', ${userId}, 'ad_revenue')`);
    expect(both.constraint_name).toBe("ledger_accounts_one_owner");
  });
});

describe("ledger_entries constraints (plain SQL inserts)", () => {
  let n = 0;
  const insertEntry = (o: { asset: string; from: number; to: number; amount: number }) =>
    sql`INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
        VALUES (${`raw:${++n}`}, ${o.asset}, ${o.from}, ${o.to}, ${o.amount}, 'test.raw', 'test', 'raw', ${clock.now().toISOString()})`;

  it("a well-formed entry is accepted (the statements below differ from it in one field)", async () => {
    // Platform → platform moves no user balance, so the ledger stays consistent.
    const otherPlatformCash = (
      await t.db.execute<{ id: string }>(sql`INSERT INTO ledger_accounts (asset, platform_name) VALUES ('cash', 'ad_revenue') RETURNING id`)
    )[0]!.id;
    await t.db.execute(insertEntry({ asset: "cash", from: platformCashAccount, to: Number(otherPlatformCash), amount: 1 }));
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("rejects amount 0 and negative amounts", async () => {
    for (const amount of [0, -1, -500]) {
      const err = await pgFailure(insertEntry({ asset: "cash", from: platformCashAccount, to: cashAccount, amount }));
      expect(err.code).toBe("23514");
      expect(err.constraint_name).toBe("ledger_entries_amount_positive");
    }
  });

  it("rejects an entry whose two accounts hold different assets", async () => {
    const toOtherAsset = await pgFailure(insertEntry({ asset: "cash", from: platformCashAccount, to: creditAccount, amount: 10 }));
    expect(toOtherAsset.code).toBe("23503");
    expect(toOtherAsset.constraint_name).toBe("ledger_entries_to_same_asset");
    const fromOtherAsset = await pgFailure(insertEntry({ asset: "cash", from: creditAccount, to: cashAccount, amount: 10 }));
    expect(fromOtherAsset.code).toBe("23503");
    expect(fromOtherAsset.constraint_name).toBe("ledger_entries_from_same_asset");
    // Naming the credit asset instead just moves the mismatch to the cash side.
    const labelledCredit = await pgFailure(insertEntry({ asset: "credit", from: creditAccount, to: cashAccount, amount: 10 }));
    expect(labelledCredit.constraint_name).toBe("ledger_entries_to_same_asset");
  });

  it("rejects an entry from an account to itself and one naming a missing account", async () => {
    const self = await pgFailure(insertEntry({ asset: "cash", from: cashAccount, to: cashAccount, amount: 10 }));
    expect(self.constraint_name).toBe("ledger_entries_distinct_accounts");
    const missing = await pgFailure(insertEntry({ asset: "cash", from: platformCashAccount, to: 987_654_321, amount: 10 }));
    expect(missing.code).toBe("23503");
  });

  it("rejects a second entry under an existing idempotency key", async () => {
    const [existing] = await t.db.execute<{ idempotency_key: string }>(sql`SELECT idempotency_key FROM ledger_entries LIMIT 1`);
    const err = await pgFailure(
      sql`INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
          VALUES (${existing!.idempotency_key}, 'cash', ${platformCashAccount}, ${cashAccount}, 1, 'dup', 'test', 'dup', ${clock.now().toISOString()})`,
    );
    expect(err.code).toBe("23505");
  });

  it("left the ledger consistent", async () => {
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });
});

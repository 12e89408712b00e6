import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { advertisers } from "./ads";

export const ASSETS = ["cash", "credit", "divPoints", "mallPoints", "voucher"] as const;
export type Asset = (typeof ASSETS)[number];

/**
 * One row per (owner, asset). User and advertiser accounts keep a running balance (O(1) reads) that a CHECK keeps
 * at or above zero. Platform accounts do not: every join touches them, so updating one row would
 * serialise all writers; their balance is derived from entries when asked. Rows are never deleted
 * and never change id, asset or owner (triggers, migration 0007); pages are half filled
 * (fillfactor 50) so balance updates stay on their page (HOT, no index write).
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    asset: text("asset", { enum: ASSETS }).notNull(),
    userId: uuid("user_id").references(() => users.id),
    platformName: text("platform_name"),
    /** An advertiser's prepaid budget (spec §6): a liability of the platform until views spend it. */
    advertiserId: uuid("advertiser_id").references(() => advertisers.id),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    unique("ledger_accounts_id_asset").on(t.id, t.asset),
    unique("ledger_accounts_user_asset").on(t.userId, t.asset),
    unique("ledger_accounts_platform_asset").on(t.platformName, t.asset),
    unique("ledger_accounts_advertiser_asset").on(t.advertiserId, t.asset),
    check("ledger_accounts_one_owner", sql`num_nonnulls(${t.userId}, ${t.platformName}, ${t.advertiserId}) = 1`),
    // Named for users, who were the only holders of a running balance; advertisers' budgets are held to it too.
    check("ledger_accounts_user_not_negative", sql`${t.platformName} IS NOT NULL OR ${t.balance} >= 0`),
    check("ledger_accounts_platform_balance_derived", sql`${t.platformName} IS NULL OR ${t.balance} = 0`),
  ],
);

/**
 * One row per transfer: `amount` leaves `from_account_id` and arrives at `to_account_id`, so every
 * row is its own balanced double entry. Append-only (a trigger rejects UPDATE, DELETE, TRUNCATE).
 * Both accounts must hold the entry's asset: a statement-level trigger checks the inserted rows as a
 * set (migration 0007; it replaced two composite foreign keys that cost two lookups per row).
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Derived from business ids; COLLATE "C" (migration 0017), so a prefix is a range of its index. */
    idempotencyKey: text("idempotency_key").notNull().unique(),
    asset: text("asset", { enum: ASSETS }).notNull(),
    fromAccountId: bigint("from_account_id", { mode: "number" }).notNull(),
    toAccountId: bigint("to_account_id", { mode: "number" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    /** Machine-readable reason, translated in the UI (e.g. "topup", "withdrawal.hold"). */
    reason: text("reason").notNull(),
    refType: text("ref_type").notNull(),
    refId: text("ref_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("ledger_entries_amount_positive", sql`${t.amount} > 0`),
    check("ledger_entries_distinct_accounts", sql`${t.fromAccountId} <> ${t.toAccountId}`),
    index("ledger_entries_from_idx").on(t.fromAccountId, t.id),
    index("ledger_entries_to_idx").on(t.toAccountId, t.id),
    // No index on the business record (ref): the rows of a group entry, the only ones looked up by
    // it, are found by their keys (`join:<id>:pay`, `entry:<id>:…`) through the unique index above,
    // whose column sorts bytewise (COLLATE "C", migration 0017) so a key prefix is a range of it
    // (ledger/entry-ledger-rows.ts). One index less on the ledger's hottest insert: measured, that
    // index was a fifth of the cost of inserting a row.
  ],
);

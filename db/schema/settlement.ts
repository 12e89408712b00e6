import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const SETTLEMENT_JOBS = ["daily-dividend", "static-release", "pool-settlement"] as const;
export type SettlementJob = (typeof SETTLEMENT_JOBS)[number];
export const SETTLEMENT_RUN_STATUSES = ["running", "done", "failed"] as const;

/**
 * One run of a settlement job, unique per run key (`daily-dividend:2026-11-24`,
 * `pool-settlement:2026-11`): the row two workers meet on, so a job pays once per key.
 * `pool_fen` is what the run distributes, `paid_fen` what it paid, `remainder_fen` what rounding
 * left with the platform.
 */
export const settlementRuns = pgTable(
  "settlement_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    job: text("job", { enum: SETTLEMENT_JOBS }).notNull(),
    runKey: text("run_key").notNull().unique(),
    /** Business day (YYYY-MM-DD) or month (YYYY-MM) the run settles. */
    period: text("period").notNull(),
    status: text("status", { enum: SETTLEMENT_RUN_STATUSES }).notNull().default("running"),
    params: jsonb("params").notNull(),
    poolFen: bigint("pool_fen", { mode: "number" }).notNull().default(0),
    paidFen: bigint("paid_fen", { mode: "number" }).notNull().default(0),
    remainderFen: bigint("remainder_fen", { mode: "number" }).notNull().default(0),
    payees: integer("payees").notNull().default(0),
    entriesPosted: integer("entries_posted").notNull().default(0),
    /** A run paid in chunks (static release): the last account id of the last committed chunk; a re-run resumes after it. */
    resumeAfter: bigint("resume_after", { mode: "number" }),
    error: text("error"),
    startedBy: uuid("started_by"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("settlement_runs_job_idx").on(t.job, t.period), check("settlement_runs_amounts", sql`${t.paidFen} >= 0 AND ${t.remainderFen} >= 0`)],
);

/**
 * Per-user result of a run, frozen before any money moves: `basis` is what the share was computed
 * from (winning amount, credit balance, pool points), `amount_fen` what the ledger pays. No foreign
 * keys: a run writes up to a million rows at once, and user ids come from the ledger's own rows.
 */
export const settlementPayouts = pgTable(
  "settlement_payouts",
  {
    runId: bigint("run_id", { mode: "number" }).notNull(),
    userId: uuid("user_id").notNull(),
    basis: bigint("basis", { mode: "number" }).notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "settlement_payouts_pk", columns: [t.runId, t.userId] }), check("settlement_payouts_amount", sql`${t.amountFen} >= 0`)],
);

/**
 * Per-user results of a static release, one row per chunk of a run: the chunk's users in account
 * order with the credit balance each release was computed from (`basis`) and the amount released.
 * The same facts as settlement_payouts, stored as arrays because a release covers every user with
 * credit: a million separate rows and their index cost a tenth of the run's time (measured), ten
 * array rows almost nothing. The console pages through them by (first_account_id, position).
 */
export const settlementPayoutBatches = pgTable(
  "settlement_payout_batches",
  {
    runId: bigint("run_id", { mode: "number" }).notNull(),
    /** The chunk's cursor: its credit accounts have ids above this one. Orders a run's batches. */
    firstAccountId: bigint("first_account_id", { mode: "number" }).notNull(),
    /** cardinality(user_ids), kept so that paging finds its batch without reading the arrays. */
    size: integer("size").notNull(),
    userIds: uuid("user_ids").array().notNull(),
    basis: bigint("basis", { mode: "number" }).array().notNull(),
    amounts: bigint("amounts", { mode: "number" }).array().notNull(),
  },
  (t) => [primaryKey({ name: "settlement_payout_batches_pk", columns: [t.runId, t.firstAccountId] }), check("settlement_payout_batches_size", sql`${t.size} > 0`)],
);

/**
 * Dividend points a user holds in the pool (积分池). The points themselves sit in the ledger on the
 * platform account `dividend_pool`; this row says whose they are (their sum equals that account).
 */
export const poolHoldings = pgTable(
  "pool_holdings",
  {
    userId: uuid("user_id").primaryKey().references(() => users.id),
    points: bigint("points", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("pool_holdings_points", sql`${t.points} >= 0 AND ${t.points} % 100 = 0`)],
);

export const POOL_DIRECTIONS = ["in", "out"] as const;

/** One move into or out of the pool; the id is made by the client once per form, so a retry is a replay. */
export const poolMoves = pgTable(
  "pool_moves",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id),
    direction: text("direction", { enum: POOL_DIRECTIONS }).notNull(),
    points: bigint("points", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("pool_moves_user_idx").on(t.userId, t.createdAt), check("pool_moves_points", sql`${t.points} > 0 AND ${t.points} % 100 = 0`)],
);

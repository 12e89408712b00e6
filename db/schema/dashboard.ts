import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { ASSETS } from "./ledger";

/*
 * The operators' dashboard (spec §9, §10) reads these daily rollups instead of the ledger: one
 * nightly snapshot per closed business day (dashboard/take-snapshot.ts), written once (the day row
 * is inserted first, in the same transaction as the day's figures). Days without a row are read
 * live from the ledger by their created_at range (BRIN index, migration 0020).
 */

/** A closed business day whose figures are in the tables below. */
export const dashboardDays = pgTable("dashboard_days", {
  day: date("day", { mode: "string" }).primaryKey(),
  takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
  /** Whether users' and advertisers' running balances were recorded as of the day's end (reconciliation). */
  withRunning: text("with_running", { enum: ["yes", "no"] }).notNull(),
});

/**
 * The day's ledger entries summed per (asset, reason, from holder, to holder): a holder is `user`,
 * `advertiser` or a platform account's name. About a hundred rows a day whatever the volume.
 */
export const dashboardFlows = pgTable(
  "dashboard_flows",
  {
    day: date("day", { mode: "string" }).notNull(),
    asset: text("asset", { enum: ASSETS }).notNull(),
    reason: text("reason").notNull(),
    fromHolder: text("from_holder").notNull(),
    toHolder: text("to_holder").notNull(),
    entries: integer("entries").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "dashboard_flows_pk", columns: [t.day, t.asset, t.reason, t.fromHolder, t.toHolder] })],
);

/**
 * Balances per (asset, holder) at the day's end: `balance` derived from entries (the previous day's
 * plus the day's flows); `running` the sum of the holders' running balances (users, advertisers) as of
 * the same instant, recorded when the job runs for the day just ended. The two must agree.
 */
export const dashboardBalances = pgTable(
  "dashboard_balances",
  {
    day: date("day", { mode: "string" }).notNull(),
    asset: text("asset", { enum: ASSETS }).notNull(),
    holder: text("holder").notNull(),
    balance: bigint("balance", { mode: "number" }).notNull(),
    running: bigint("running", { mode: "number" }),
  },
  (t) => [primaryKey({ name: "dashboard_balances_pk", columns: [t.day, t.asset, t.holder] })],
);

/** Counts that are not ledger flows: groups drawn and dissolved, new users and promoters, store orders paid. */
export const dashboardCounts = pgTable(
  "dashboard_counts",
  {
    day: date("day", { mode: "string" }).notNull(),
    metric: text("metric").notNull(),
    value: integer("value").notNull(),
  },
  (t) => [primaryKey({ name: "dashboard_counts_pk", columns: [t.day, t.metric] })],
);

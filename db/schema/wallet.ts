import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, primaryKey, text, timestamp, uuid, boolean } from "drizzle-orm/pg-core";
import { users } from "./users";
import { payoutDestinations } from "./payouts";

export const PAYMENT_STATUSES = ["pending", "paid", "review", "failed"] as const;

/** A top-up (or any gateway payment) we asked the gateway to collect. */
export const paymentOrders = pgTable(
  "payment_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    purpose: text("purpose").notNull().default("topup"),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    currency: text("currency").notNull().default("CNY"),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull().default("pending"),
    gatewayTxnId: text("gateway_txn_id"),
    reviewReason: text("review_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
  },
  (t) => [check("payment_orders_amount_positive", sql`${t.amountFen} > 0`), index("payment_orders_user_idx").on(t.userId, t.createdAt)],
);

/**
 * Every verified webhook delivery, unique per (gateway transaction, event type): the replay guard.
 * The type is part of the key because a gateway may report a failure and later a capture of the
 * same transaction; the capture must still be applied.
 */
export const gatewayEvents = pgTable("gateway_events", {
  gatewayTxnId: text("gateway_txn_id").notNull(),
  paymentOrderId: uuid("payment_order_id"),
  eventType: text("event_type").notNull(),
  amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  currency: text("currency").notNull(),
  outcome: text("outcome").notNull(),
  payload: text("payload").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ name: "gateway_events_pk", columns: [t.gatewayTxnId, t.eventType] })]);

/**
 * pending (funds held) → rejected (returned) | processing (approved, sent to the payout provider) → paid |
 * failed (the provider could not pay: returned). Withdrawals approved before payout providers went straight to paid.
 */
export const WITHDRAWAL_STATUSES = ["pending", "processing", "paid", "rejected", "failed"] as const;

export const withdrawals = pgTable(
  "withdrawals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    /** Where it is paid (null only for withdrawals from before destinations existed). */
    destinationId: uuid("destination_id").references(() => payoutDestinations.id),
    status: text("status", { enum: WITHDRAWAL_STATUSES }).notNull().default("pending"),
    /** Why the payout provider could not pay it (status failed). */
    failureReason: text("failure_reason"),
    requestKey: text("request_key").notNull().unique(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decisionNote: text("decision_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    flagged: boolean("flagged").notNull().default(false),
  },
  (t) => [check("withdrawals_amount_positive", sql`${t.amountFen} > 0`), index("withdrawals_status_idx").on(t.status, t.createdAt), index("withdrawals_user_idx").on(t.userId, t.createdAt), index("withdrawals_destination_idx").on(t.destinationId)],
);

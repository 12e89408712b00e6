import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid, boolean } from "drizzle-orm/pg-core";
import { users } from "./users";
import { payoutDestinations } from "./payouts";

/** `review`: held (the gateway's report did not match); finance then credits it (`paid`), refunds it or dismisses it. */
export const PAYMENT_STATUSES = ["pending", "paid", "review", "failed", "refunded", "dismissed"] as const;

/** Why a payment is held: stored as a code and its figures, put into words in the reader's language. */
export const REVIEW_CODES = ["amount_mismatch", "currency_mismatch", "legacy"] as const;
export type ReviewCode = (typeof REVIEW_CODES)[number];
/** What the gateway reported (minor units of its currency); `text` only for rows held before codes existed and not readable as a report. */
export type ReviewParams = { reportedAmount?: number; reportedCurrency?: string; text?: string };

/** Who collects a payment: the built-in sandbox, or a real provider (server/payments/). */
export const PAYMENT_PROVIDERS = ["sandbox", "alipay", "wechatpay"] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

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
    /** The provider the shopper chose; the one that holds the money once captured (refunds go back through it). */
    provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull().default("sandbox"),
    gatewayTxnId: text("gateway_txn_id"),
    reviewCode: text("review_code", { enum: REVIEW_CODES }),
    reviewParams: jsonb("review_params").$type<ReviewParams>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
  },
  (t) => [
    check("payment_orders_amount_positive", sql`${t.amountFen} > 0`),
    check("payment_orders_review_has_code", sql`${t.status} <> 'review' OR ${t.reviewCode} IS NOT NULL`),
    index("payment_orders_user_idx").on(t.userId, t.createdAt),
    // The console's list of every payment, newest first (keyset over created_at, id).
    index("payment_orders_created_idx").on(t.createdAt, t.id),
    // The payments.sync job asks real providers about orders whose notification has not come.
    index("payment_orders_pending_idx").on(t.createdAt).where(sql`${t.status} = 'pending' AND ${t.provider} <> 'sandbox'`),
  ],
);

/**
 * Every verified webhook delivery, unique per (provider, its transaction id, event type): the replay
 * guard. The provider is part of the key because two providers' transaction ids may coincide; the
 * type because a gateway may report a failure and later a capture of the same transaction, and the
 * capture must still be applied.
 */
export const gatewayEvents = pgTable("gateway_events", {
  provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull().default("sandbox"),
  gatewayTxnId: text("gateway_txn_id").notNull(),
  paymentOrderId: uuid("payment_order_id"),
  eventType: text("event_type").notNull(),
  amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  currency: text("currency").notNull(),
  outcome: text("outcome").notNull(),
  payload: text("payload").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ name: "gateway_events_pk", columns: [t.provider, t.gatewayTxnId, t.eventType] })]);

/**
 * A refund sent back through the provider that collected the payment: a store refund of an order paid
 * through Alipay or WeChat Pay (`store_refund`), or finance's refund of a payment held for review
 * (`held_payment`). pending (money held in `gateway_refunds`) → processing (the provider accepted it)
 * → succeeded (`gateway_refunds → gateway_clearing`: it left through the provider) | failed
 * (`gateway_refunds → the shopper's cash`, with the provider's reason, and the shopper is told). `id`,
 * derived from the refund's ledger key, is our refund number at the provider (Alipay's
 * out_request_no, WeChat's out_refund_no), so a retry is the same refund.
 */
export const GATEWAY_REFUND_STATUSES = ["pending", "processing", "succeeded", "failed"] as const;
export const GATEWAY_REFUND_KINDS = ["store_refund", "held_payment"] as const;
export const gatewayRefunds = pgTable(
  "gateway_refunds",
  {
    id: uuid("id").primaryKey(),
    paymentOrderId: uuid("payment_order_id")
      .notNull()
      .references(() => paymentOrders.id),
    provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: GATEWAY_REFUND_KINDS }).notNull().default("store_refund"),
    /** The store order whose refund this is, and that refund's own id (order_events' refundId); null for a held payment's. */
    orderId: uuid("order_id"),
    orderRefundId: text("order_refund_id"),
    /** In minor units of `currency`; the ledger holds only yuan, so a refund in another currency moves no ledger money. */
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    currency: text("currency").notNull().default("CNY"),
    status: text("status", { enum: GATEWAY_REFUND_STATUSES }).notNull().default("pending"),
    providerRefundId: text("provider_refund_id"),
    failureReason: text("failure_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    check("gateway_refunds_amount_positive", sql`${t.amountFen} > 0`),
    check("gateway_refunds_store_has_order", sql`${t.kind} <> 'store_refund' OR (${t.orderId} IS NOT NULL AND ${t.orderRefundId} IS NOT NULL)`),
    index("gateway_refunds_open_idx").on(t.createdAt).where(sql`${t.status} IN ('pending', 'processing')`),
    index("gateway_refunds_payment_idx").on(t.paymentOrderId),
    // The console's list of provider refunds, newest first (keyset over created_at, id), and one order's.
    index("gateway_refunds_created_idx").on(t.createdAt, t.id),
    index("gateway_refunds_order_idx").on(t.orderId),
  ],
);

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
    /** Our code for that reason when the provider gave one (`server/domain/payouts/payout-failure.ts`): shown translated. */
    failureCode: text("failure_code"),
    requestKey: text("request_key").notNull().unique(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decisionNote: text("decision_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    flagged: boolean("flagged").notNull().default(false),
  },
  (t) => [check("withdrawals_amount_positive", sql`${t.amountFen} > 0`), index("withdrawals_status_idx").on(t.status, t.createdAt), index("withdrawals_user_idx").on(t.userId, t.createdAt), index("withdrawals_destination_idx").on(t.destinationId)],
);

export const HELD_PAYMENT_ACTIONS = ["credit", "refund", "dismiss"] as const;
export type HeldPaymentAction = (typeof HELD_PAYMENT_ACTIONS)[number];
/** What finance's decision did: the order's intent carried out, its money kept as cash instead, refunded, or nothing. */
export const HELD_PAYMENT_OUTCOMES = ["topup_credited", "order_paid", "seat_taken", "kept_as_cash", "refunded", "dismissed"] as const;
export type HeldPaymentOutcome = (typeof HELD_PAYMENT_OUTCOMES)[number];

/**
 * Finance's decision on a held payment, at most one per payment (unique): credit it as paid, refund the
 * payer, or dismiss it. The id is made once per dialog, so a double click replays the first decision;
 * a second finance user's decision on the same payment is refused.
 */
export const heldPaymentActions = pgTable(
  "held_payment_actions",
  {
    id: uuid("id").primaryKey(),
    paymentOrderId: uuid("payment_order_id")
      .notNull()
      .unique()
      .references(() => paymentOrders.id),
    action: text("action", { enum: HELD_PAYMENT_ACTIONS }).notNull(),
    outcome: text("outcome", { enum: HELD_PAYMENT_OUTCOMES }).notNull(),
    reason: text("reason").notNull(),
    /** Money that moved, in minor units of `currency`: credited (the order's amount) or refunded (what the gateway reported); 0 for a dismissal. */
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** The gateway's refund reference (the sandbox records one of its own). */
    refundReference: text("refund_reference"),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("held_payment_actions_reason_length", sql`char_length(${t.reason}) BETWEEN 2 AND 200`),
    check("held_payment_actions_amount", sql`${t.amount} >= 0`),
    index("held_payment_actions_created_idx").on(t.createdAt),
  ],
);

/**
 * Each time a shopper's "I have paid: check" asked a provider about a payment order: counted per
 * shopper and per order over a short window (`server/domain/wallet/payment-check-limit.ts`), as
 * sign-in attempts and texted codes are, so the button cannot make us hammer the provider.
 */
export const paymentChecks = pgTable(
  "payment_checks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    paymentOrderId: uuid("payment_order_id")
      .notNull()
      .references(() => paymentOrders.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("payment_checks_user_idx").on(t.userId, t.createdAt), index("payment_checks_order_idx").on(t.paymentOrderId, t.createdAt)],
);

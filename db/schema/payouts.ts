import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { withdrawals } from "./wallet";

export const DESTINATION_KINDS = ["alipay", "bank_card", "wechat"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/**
 * Where a shopper's withdrawals are paid (spec §8): an Alipay account, a bank card, or the shopper's own
 * WeChat (their openid, known from signing in through WeChat; WeChat Pay transfers to it). Rows are never
 * edited: a change is a removal (soft, `removed_at`, so past withdrawals still say where they went)
 * and a new row. At most one default per shopper among those not removed.
 */
export const payoutDestinations = pgTable(
  "payout_destinations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: DESTINATION_KINDS }).notNull(),
    /** The account as the provider needs it: a mobile number or an email (Alipay), the card's digits (bank card), the openid (WeChat). */
    account: text("account").notNull(),
    /** The bank's code from the list (`server/domain/payouts/banks.ts`); bank cards only. */
    bankCode: text("bank_code"),
    /** The account holder's name, which real providers check against the account. */
    holderName: text("holder_name").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [
    check("payout_destinations_bank", sql`(${t.kind} = 'bank_card') = (${t.bankCode} IS NOT NULL)`),
    index("payout_destinations_user_idx").on(t.userId, t.createdAt),
    uniqueIndex("payout_destinations_one_default").on(t.userId).where(sql`${t.isDefault} AND ${t.removedAt} IS NULL`),
    uniqueIndex("payout_destinations_unique_account").on(t.userId, t.kind, t.account).where(sql`${t.removedAt} IS NULL`),
  ],
);

export const PAYOUT_STATUSES = ["queued", "processing", "succeeded", "failed"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/**
 * One approved withdrawal sent to the payout provider. `queued` until the provider accepted it (its
 * payout id), then `processing` until its signed callback (or a status query) says `succeeded` or
 * `failed`; those two are final.
 */
export const payouts = pgTable(
  "payouts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    withdrawalId: uuid("withdrawal_id")
      .notNull()
      .unique()
      .references(() => withdrawals.id),
    provider: text("provider").notNull(),
    providerPayoutId: text("provider_payout_id"),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    status: text("status", { enum: PAYOUT_STATUSES }).notNull().default("queued"),
    failureReason: text("failure_reason"),
    /** Our code for why it failed, from the provider's (`server/domain/payouts/payout-failure.ts`), translated wherever it is shown. */
    failureCode: text("failure_code"),
    /** WeChat Pay's `package_info` for a bill waiting for the shopper to accept it in WeChat (requestMerchantTransfer); null otherwise. */
    confirmPackage: text("confirm_package"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    check("payouts_amount_positive", sql`${t.amountFen} > 0`),
    uniqueIndex("payouts_provider_payout_id").on(t.provider, t.providerPayoutId),
    index("payouts_open_idx").on(t.status, t.createdAt).where(sql`${t.status} IN ('queued', 'processing')`),
  ],
);

/**
 * Every verified provider report (callback or status query) on a payout, unique per (provider, provider
 * payout id, status): the replay guard, as `gateway_events` is for the payment gateway.
 */
export const payoutEvents = pgTable(
  "payout_events",
  {
    provider: text("provider").notNull(),
    providerPayoutId: text("provider_payout_id").notNull(),
    status: text("status").notNull(),
    payoutId: uuid("payout_id"),
    outcome: text("outcome").notNull(),
    payload: text("payload").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "payout_events_pk", columns: [t.provider, t.providerPayoutId, t.status] })],
);

/**
 * The sandbox payout provider's own book (development, tests, demos): what a real provider keeps on
 * its side. /dev/payouts shows it and confirms or fails a payout there, which sends the signed callback.
 */
export const sandboxPayouts = pgTable("sandbox_payouts", {
  providerPayoutId: text("provider_payout_id").primaryKey(),
  /** Our payout id (the merchant's request number): creating the same one twice returns the first. */
  payoutId: uuid("payout_id").notNull().unique(),
  amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  /** Where the sandbox "sent" it, masked (the sandbox keeps no full account). */
  destinationLabel: text("destination_label").notNull(),
  status: text("status", { enum: ["processing", "succeeded", "failed"] }).notNull().default("processing"),
  failureReason: text("failure_reason"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});

import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { paymentOrders } from "./wallet";

export const ACTIVITY_STATUSES = ["active", "paused", "ended"] as const;

/** A group-draw activity (活动). `config` holds the rules and rewards, validated by domain/activities/activity-config.ts. */
export const activities = pgTable(
  "activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    priceFen: bigint("price_fen", { mode: "number" }).notNull(),
    groupSize: integer("group_size").notNull(),
    winners: integer("winners").notNull(),
    status: text("status", { enum: ACTIVITY_STATUSES }).notNull().default("active"),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    config: jsonb("config").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("activities_k_lt_n", sql`${t.winners} >= 1 AND ${t.winners} < ${t.groupSize}`), check("activities_price_positive", sql`${t.priceFen} > 0`)],
);

/** 1–10 display items of an activity, all at the activity's price: a product or a named voucher. */
export const activityItems = pgTable(
  "activity_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activityId: uuid("activity_id").notNull().references(() => activities.id),
    kind: text("kind", { enum: ["product", "voucher"] }).notNull(),
    name: text("name").notNull(),
    imageUrl: text("image_url"),
    productId: uuid("product_id"),
    position: integer("position").notNull(),
    active: boolean("active").notNull().default(true),
  },
  (t) => [index("activity_items_activity_idx").on(t.activityId, t.position)],
);

export const GROUP_STATUSES = ["open", "full", "drawn", "dissolved"] as const;

/**
 * One group (团). Exactly one is open per activity (partial unique index). `seed_hex` stays secret
 * until the group is drawn or dissolved; `commitment` = sha256(seed) is public from the start.
 * `config` is the activity's config snapshotted when the group opened.
 */
export const groups = pgTable(
  "groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    activityId: uuid("activity_id").notNull().references(() => activities.id),
    number: integer("number").notNull(),
    status: text("status", { enum: GROUP_STATUSES }).notNull().default("open"),
    seedHex: text("seed_hex").notNull().unique(),
    commitment: text("commitment").notNull(),
    priceFen: bigint("price_fen", { mode: "number" }).notNull(),
    groupSize: integer("group_size").notNull(),
    winners: integer("winners").notNull(),
    config: jsonb("config").notNull(),
    seatsTaken: integer("seats_taken").notNull().default(0),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    filledAt: timestamp("filled_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Winning seats, ascending, once drawn. */
    winnerSeats: jsonb("winner_seats"),
    closeReason: text("close_reason"),
  },
  (t) => [
    unique("groups_activity_number").on(t.activityId, t.number),
    uniqueIndex("groups_one_open_per_activity").on(t.activityId).where(sql`${t.status} = 'open'`),
    index("groups_status_idx").on(t.status, t.expiresAt),
    // The daily dividend pays the wins of the groups drawn on a day (settlement/daily-dividend.ts).
    index("groups_drawn_at_idx").on(t.closedAt).where(sql`${t.status} = 'drawn'`),
    // The dashboard counts a day's dissolved groups (dashboard/day-counts.ts).
    index("groups_dissolved_at_idx").on(t.closedAt).where(sql`${t.status} = 'dissolved'`),
    check("groups_seats_in_range", sql`${t.seatsTaken} >= 0 AND ${t.seatsTaken} <= ${t.groupSize}`),
  ],
);

/** A paid seat in a group (参团). The eligibility columns are fixed when the group closes. */
export const entries = pgTable(
  "entries",
  {
    id: uuid("id").primaryKey(),
    groupId: uuid("group_id").notNull().references(() => groups.id),
    activityId: uuid("activity_id").notNull().references(() => activities.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    itemId: uuid("item_id").notNull().references(() => activityItems.id),
    seat: integer("seat").notNull(),
    priceFen: bigint("price_fen", { mode: "number" }).notNull(),
    /** The user's first entry of the business day, platform-wide (rule 1), fixed at join. */
    firstOfDay: boolean("first_of_day").notNull(),
    /** The user's first entry ever (rule 2), fixed at join. */
    firstEver: boolean("first_ever").notNull(),
    businessDay: text("business_day").notNull(),
    eligible: boolean("eligible"),
    ineligibleReason: text("ineligible_reason"),
    outcome: text("outcome", { enum: ["won", "lost", "refunded"] }),
    /** W-E: this winning entry's contribution to the daily dividend pool of its business day. */
    dividendPoolFen: bigint("dividend_pool_fen", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    // Also serves lookups by group and user (a group has at most N entries): no second group index to maintain.
    unique("entries_group_seat").on(t.groupId, t.seat),
    index("entries_user_idx").on(t.userId, t.createdAt),
    // business_day only: the draw sets `outcome` on every entry, and an update that changes no indexed
    // column stays on its page (HOT) instead of adding a row to each of the table's indexes.
    index("entries_day_idx").on(t.businessDay),
    check("entries_seat_positive", sql`${t.seat} >= 1`),
  ],
);

/** Per user and activity: the counters behind rules 3–5 (spec §3), updated as each group is drawn. */
export const drawCounters = pgTable(
  "draw_counters",
  {
    userId: uuid("user_id").notNull().references(() => users.id),
    activityId: uuid("activity_id").notNull().references(() => activities.id),
    consecutiveWins: integer("consecutive_wins").notNull().default(0),
    streakBlockLeft: integer("streak_block_left").notNull().default(0),
    winsInPeriod: integer("wins_in_period").notNull().default(0),
    totalBlockLeft: integer("total_block_left").notNull().default(0),
    windowEntries: integer("window_entries").notNull().default(0),
    windowWins: integer("window_wins").notNull().default(0),
  },
  (t) => [uniqueIndex("draw_counters_pk").on(t.userId, t.activityId)],
);

/** Promoter validity (推广员有效期): extended as the user makes entries (groups/promoter-validity.ts). */
export const promoterStatus = pgTable("promoter_status", {
  userId: uuid("user_id").primaryKey().references(() => users.id),
  validUntil: timestamp("valid_until", { withTimezone: true }).notNull(),
});

/** W-A prizes won: product orders to ship (fulfilled by the store) or vouchers credited at once. */
export const prizes = pgTable("prizes", {
  entryId: uuid("entry_id").primaryKey().references(() => entries.id),
  userId: uuid("user_id").notNull().references(() => users.id),
  itemId: uuid("item_id").notNull().references(() => activityItems.id),
  kind: text("kind", { enum: ["product", "voucher"] }).notNull(),
  status: text("status", { enum: ["to_ship", "credited"] }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

/** In-app notifications (fill, result, refund). */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    kind: text("kind").notNull(),
    /** Idempotency: one notification per (user, kind, ref). */
    dedupeKey: text("dedupe_key").notNull().unique(),
    payload: jsonb("payload").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

/**
 * A join paid through the payment gateway: what the shopper asked for when the payment order was
 * opened. The seat is taken in the capture webhook's transaction (groups/gateway-join.ts); a join that
 * can no longer be made then (paused, sold out for this shopper, price raised) leaves the money as cash.
 */
export const gatewayJoins = pgTable("gateway_joins", {
  paymentOrderId: uuid("payment_order_id").primaryKey().references(() => paymentOrders.id),
  entryId: uuid("entry_id").notNull().unique(),
  userId: uuid("user_id").notNull().references(() => users.id),
  activityId: uuid("activity_id").notNull().references(() => activities.id),
  itemId: uuid("item_id").notNull().references(() => activityItems.id),
  status: text("status", { enum: ["pending", "seated", "kept_as_cash"] }).notNull().default("pending"),
  /** Why the seat could not be taken at capture (a DomainError code). */
  failureCode: text("failure_code"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

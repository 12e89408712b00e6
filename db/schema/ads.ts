import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * 广告电商 (spec §6). Advertisers prepay into a ledger account of their own (`ledger_accounts.advertiser_id`,
 * a running balance the database keeps ≥ 0); a campaign spends from it one view at a time.
 */
export const advertisers = pgTable("advertisers", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  contact: text("contact").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** An offline transfer an advertiser made, recorded by finance. The id is the ledger key's business id. */
export const adPrepayments = pgTable(
  "ad_prepayments",
  {
    id: uuid("id").primaryKey(),
    advertiserId: uuid("advertiser_id").notNull().references(() => advertisers.id),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    /** The bank transfer's reference: one transfer is recorded once. */
    reference: text("reference").notNull(),
    recordedBy: uuid("recorded_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [unique("ad_prepayments_reference").on(t.advertiserId, t.reference), check("ad_prepayments_amount_positive", sql`${t.amountFen} > 0`)],
);

export const CREATIVE_TYPES = ["mp4", "webm", "png", "jpg"] as const;
export type CreativeType = (typeof CREATIVE_TYPES)[number];

/**
 * A direct campaign served by our own player. `committed_fen` is what its views have reserved or
 * spent; the CHECK keeps it within the budget cap, so no interleaving of views can overspend it.
 */
export const adCampaigns = pgTable(
  "ad_campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    advertiserId: uuid("advertiser_id").notNull().references(() => advertisers.id),
    name: text("name").notNull(),
    creativeUrl: text("creative_url").notNull(),
    creativeType: text("creative_type", { enum: CREATIVE_TYPES }).notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    pricePerViewFen: bigint("price_per_view_fen", { mode: "number" }).notNull(),
    budgetFen: bigint("budget_fen", { mode: "number" }).notNull(),
    committedFen: bigint("committed_fen", { mode: "number" }).notNull().default(0),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("ad_campaigns_within_budget", sql`${t.committedFen} >= 0 AND ${t.committedFen} <= ${t.budgetFen}`),
    check("ad_campaigns_price_positive", sql`${t.pricePerViewFen} > 0`),
    check("ad_campaigns_duration", sql`${t.durationSeconds} BETWEEN 5 AND 120`),
    index("ad_campaigns_advertiser_idx").on(t.advertiserId),
  ],
);

export const AD_SET_STATUSES = ["watching", "completed", "expired"] as const;

/** One daily ad set of a shopper (default 4 views); its number within the day keys the reward. */
export const adSets = pgTable(
  "ad_sets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    businessDay: text("business_day").notNull(),
    setNo: integer("set_no").notNull(),
    deviceId: text("device_id").notNull(),
    status: text("status", { enum: AD_SET_STATUSES }).notNull().default("watching"),
    viewsRequired: integer("views_required").notNull(),
    viewsDone: integer("views_done").notNull().default(0),
    rewardFen: bigint("reward_fen", { mode: "number" }).notNull().default(0),
    pointsSpent: bigint("points_spent", { mode: "number" }).notNull().default(0),
    commissionFen: bigint("commission_fen", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    unique("ad_sets_user_day_no").on(t.userId, t.businessDay, t.setNo),
    // One set in progress per shopper: a second tab or device cannot run one in parallel.
    uniqueIndex("ad_sets_one_watching").on(t.userId).where(sql`${t.status} = 'watching'`),
    index("ad_sets_device_day_idx").on(t.deviceId, t.businessDay),
    index("ad_sets_completed_idx").on(t.completedAt).where(sql`${t.status} = 'completed'`),
    check("ad_sets_views", sql`${t.viewsDone} >= 0 AND ${t.viewsDone} <= ${t.viewsRequired}`),
  ],
);

export const AD_VIEW_STATUSES = ["open", "completed", "forfeited", "expired"] as const;

/**
 * One ad view session: opened by the server when an ad starts, with a single-use nonce. A direct
 * view reserves its campaign's price when it opens; a network view (app shell) has no campaign and
 * completes by the network's verified callback.
 */
export const adViews = pgTable(
  "ad_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    setId: uuid("set_id").notNull().references(() => adSets.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    campaignId: uuid("campaign_id").references(() => adCampaigns.id),
    network: text("network"),
    nonce: text("nonce").notNull().unique(),
    status: text("status", { enum: AD_VIEW_STATUSES }).notNull().default("open"),
    /** Direct: the campaign's price, reserved at open and earned at completion. Network: what it booked as revenue. */
    priceFen: bigint("price_fen", { mode: "number" }).notNull().default(0),
    durationSeconds: integer("duration_seconds").notNull(),
    ip: text("ip").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    /** openedAt + duration: the earliest server time the view may complete. */
    completesAt: timestamp("completes_at", { withTimezone: true }).notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    transactionId: text("transaction_id"),
  },
  (t) => [
    // One ad playing per set at a time.
    uniqueIndex("ad_views_one_open").on(t.setId).where(sql`${t.status} = 'open'`),
    unique("ad_views_network_txn").on(t.network, t.transactionId),
    index("ad_views_set_idx").on(t.setId),
    index("ad_views_ip_idx").on(t.ip, t.openedAt),
    index("ad_views_open_idx").on(t.completesAt).where(sql`${t.status} = 'open'`),
    index("ad_views_campaign_idx").on(t.campaignId, t.openedAt),
    index("ad_views_opened_idx").on(t.openedAt),
    index("ad_views_closed_idx").on(t.closedAt).where(sql`${t.status} = 'completed'`),
    check("ad_views_source", sql`(${t.campaignId} IS NULL) <> (${t.network} IS NULL)`),
  ],
);

/** Ad networks (app shells, mini-programs) whose server-side callbacks we accept. */
export const adNetworks = pgTable("ad_networks", {
  network: text("network").primaryKey(),
  enabled: boolean("enabled").notNull().default(false),
  /** Pangle's app security key (the shared secret of its sign). */
  secret: text("secret").notNull().default(""),
  /** AdMob-style: where the network publishes its verifying keys. */
  keyUrl: text("key_url").notNull().default(""),
  /** What the network pays us per verified rewarded view (booked as ad revenue). */
  revenuePerViewFen: bigint("revenue_per_view_fen", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** Every verified network callback, once per (network, transaction): the replay guard and its answer. */
export const adCallbacks = pgTable(
  "ad_callbacks",
  {
    network: text("network").notNull(),
    transactionId: text("transaction_id").notNull(),
    viewId: uuid("view_id"),
    outcome: text("outcome").notNull(),
    query: text("query").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "ad_callbacks_pk", columns: [t.network, t.transactionId] })],
);

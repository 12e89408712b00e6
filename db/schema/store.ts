import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { entries } from "./activities";
import { users } from "./users";
import { paymentOrders } from "./wallet";

/** Store categories (商城分类), ordered by `position`. */
export const productCategories = pgTable("product_categories", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  position: integer("position").notNull().default(0),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
});

/** A catalog product. Stock is decremented by the order's own transaction; the CHECK keeps it ≥ 0. */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    categoryId: uuid("category_id").references(() => productCategories.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    priceFen: bigint("price_fen", { mode: "number" }).notNull(),
    stock: integer("stock").notNull().default(0),
    /** Image URLs, first is the cover. */
    images: jsonb("images").$type<string[]>().notNull().default([]),
    onSale: boolean("on_sale").notNull().default(false),
    /** How many one shopper may buy in all (orders not cancelled or refunded); null: no limit. */
    maxPerShopper: integer("max_per_shopper"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("products_price_positive", sql`${t.priceFen} > 0`),
    check("products_max_per_shopper_positive", sql`${t.maxPerShopper} IS NULL OR ${t.maxPerShopper} > 0`),
    check("products_stock_not_negative", sql`${t.stock} >= 0`),
    index("products_category_idx").on(t.categoryId, t.createdAt),
  ],
);

export const MALL_ASSETS = ["mallPoints", "divPoints"] as const;
export type MallAsset = (typeof MALL_ASSETS)[number];

/** A points-mall item: a product offered for mall points (or dividend points, days 1–5), with its own allotment. */
export const mallItems = pgTable(
  "mall_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    productId: uuid("product_id").notNull().references(() => products.id),
    asset: text("asset", { enum: MALL_ASSETS }).notNull(),
    pricePoints: bigint("price_points", { mode: "number" }).notNull(),
    stock: integer("stock").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("mall_items_price_positive", sql`${t.pricePoints} > 0`), check("mall_items_stock_not_negative", sql`${t.stock} >= 0`)],
);

/** A shopper's shipping address book. */
export const addresses = pgTable(
  "addresses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(() => users.id),
    recipient: text("recipient").notNull(),
    phone: text("phone").notNull(),
    region: text("region").notNull(),
    detail: text("detail").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("addresses_user_idx").on(t.userId, t.createdAt)],
);

export const ORDER_KINDS = ["store", "mall", "prize"] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
export const ORDER_STATUSES = ["pending_payment", "paid", "shipped", "delivered", "received", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * An order: a store purchase, a points-mall redemption or a group-draw W-A prize. The id is the
 * client's checkout key, so a double submit finds the first order. Money is paid from cash (which a
 * gateway capture tops up first) and vouchers; refunds are tracked per source and never exceed it.
 */
export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id),
    kind: text("kind", { enum: ORDER_KINDS }).notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    itemsTotalFen: bigint("items_total_fen", { mode: "number" }).notNull().default(0),
    voucherFen: bigint("voucher_fen", { mode: "number" }).notNull().default(0),
    /** The part paid in money: from cash, or through the gateway (`payWith = gateway`). */
    cashFen: bigint("cash_fen", { mode: "number" }).notNull().default(0),
    payWith: text("pay_with", { enum: ["cash", "gateway", "points", "prize"] }).notNull(),
    pointsAsset: text("points_asset", { enum: MALL_ASSETS }),
    points: bigint("points", { mode: "number" }).notNull().default(0),
    refundedCashFen: bigint("refunded_cash_fen", { mode: "number" }).notNull().default(0),
    refundedVoucherFen: bigint("refunded_voucher_fen", { mode: "number" }).notNull().default(0),
    refundCount: integer("refund_count").notNull().default(0),
    mallPointsEarned: bigint("mall_points_earned", { mode: "number" }).notNull().default(0),
    mallPointsClawedBack: bigint("mall_points_clawed_back", { mode: "number" }).notNull().default(0),
    /** The shipping address, copied at checkout so later edits of the address book do not move it. */
    address: jsonb("address").$type<{ recipient: string; phone: string; region: string; detail: string }>(),
    carrier: text("carrier"),
    trackingNo: text("tracking_no"),
    paymentOrderId: uuid("payment_order_id").references(() => paymentOrders.id),
    prizeEntryId: uuid("prize_entry_id").references(() => entries.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
  },
  (t) => [
    index("orders_user_idx").on(t.userId, t.createdAt),
    index("orders_status_idx").on(t.status, t.createdAt),
    // The dashboard counts a day's paid store orders (dashboard/day-counts.ts).
    index("orders_store_paid_idx").on(t.paidAt).where(sql`${t.kind} = 'store'`),
    unique("orders_prize_entry").on(t.prizeEntryId),
    unique("orders_payment_order").on(t.paymentOrderId),
    check("orders_amounts_not_negative", sql`${t.itemsTotalFen} >= 0 AND ${t.voucherFen} >= 0 AND ${t.cashFen} >= 0 AND ${t.points} >= 0`),
    check("orders_paid_parts_sum", sql`${t.kind} <> 'store' OR ${t.voucherFen} + ${t.cashFen} = ${t.itemsTotalFen}`),
    check("orders_refund_within_paid", sql`${t.refundedCashFen} >= 0 AND ${t.refundedCashFen} <= ${t.cashFen} AND ${t.refundedVoucherFen} >= 0 AND ${t.refundedVoucherFen} <= ${t.voucherFen}`),
    check("orders_points_clawback_within", sql`${t.mallPointsClawedBack} >= 0 AND ${t.mallPointsClawedBack} <= ${t.mallPointsEarned}`),
  ],
);

/** The lines of an order, with name, image and unit price copied from the catalog at checkout. */
export const orderItems = pgTable(
  "order_items",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: uuid("order_id").notNull().references(() => orders.id),
    productId: uuid("product_id").references(() => products.id),
    mallItemId: uuid("mall_item_id").references(() => mallItems.id),
    name: text("name").notNull(),
    imageUrl: text("image_url"),
    unitPriceFen: bigint("unit_price_fen", { mode: "number" }).notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [index("order_items_order_idx").on(t.orderId), check("order_items_quantity_range", sql`${t.quantity} >= 1 AND ${t.quantity} <= 99`)],
);

/** The order's timeline: one row per status change or refund, with who did it. */
export const orderEvents = pgTable(
  "order_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: uuid("order_id").notNull().references(() => orders.id),
    kind: text("kind").notNull(),
    actorId: uuid("actor_id"),
    detail: jsonb("detail"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("order_events_order_idx").on(t.orderId, t.id)],
);

export const COMMISSION_STATUSES = ["held", "released", "clawed_back"] as const;

/**
 * Referral commission on a store purchase (spec §6): L1/L2 valid promoters, held for the hold period
 * in `commission_hold`, then released to cash — or clawed back (in part) if the order is refunded first.
 */
export const commissions = pgTable(
  "commissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id").notNull().references(() => orders.id),
    beneficiaryId: uuid("beneficiary_id").notNull().references(() => users.id),
    level: smallint("level").notNull(),
    ratioBp: integer("ratio_bp").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    clawedBackFen: bigint("clawed_back_fen", { mode: "number" }).notNull().default(0),
    status: text("status", { enum: COMMISSION_STATUSES }).notNull().default("held"),
    releaseAt: timestamp("release_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [
    unique("commissions_order_level").on(t.orderId, t.level),
    index("commissions_due_idx").on(t.status, t.releaseAt),
    index("commissions_beneficiary_idx").on(t.beneficiaryId, t.createdAt),
    check("commissions_level_1_or_2", sql`${t.level} IN (1, 2)`),
    check("commissions_clawback_within", sql`${t.amountFen} > 0 AND ${t.clawedBackFen} >= 0 AND ${t.clawedBackFen} <= ${t.amountFen}`),
  ],
);

/** Vouchers granted by an operator; the grant id is the ledger key's business id. */
export const voucherGrants = pgTable("voucher_grants", {
  id: uuid("id").primaryKey(),
  userId: uuid("user_id").notNull().references(() => users.id),
  amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  note: text("note").notNull(),
  grantedBy: uuid("granted_by").notNull().references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
}, (t) => [check("voucher_grants_amount_positive", sql`${t.amountFen} > 0`)]);

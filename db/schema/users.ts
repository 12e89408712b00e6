import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uuid, check } from "drizzle-orm/pg-core";

/** Shoppers and staff share one table so that "staff cannot join" is a property of a user row. */
export const USER_ROLES = ["shopper", "owner", "operator", "finance", "support"] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const STAFF_ROLES = ["owner", "operator", "finance", "support"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    phone: text("phone").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: USER_ROLES }).notNull().default("shopper"),
    displayName: text("display_name").notNull(),
    referralCode: text("referral_code").notNull().unique(),
    /** Direct referrer (L1), bound once at sign-up. L2 is the referrer's referrer. */
    referrerId: uuid("referrer_id"),
    frozen: boolean("frozen").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("users_referrer_idx").on(t.referrerId),
    // The dashboard counts a day's new users (dashboard/day-counts.ts).
    index("users_created_idx").on(t.createdAt),
    check("users_no_self_referral", sql`${t.referrerId} IS NULL OR ${t.referrerId} <> ${t.id}`),
  ],
);

/** Failed sign-in attempts, kept in PostgreSQL so the limit holds across app instances. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    phone: text("phone").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("login_attempts_phone_idx").on(t.phone, t.createdAt), index("login_attempts_ip_idx").on(t.ip, t.createdAt)],
);

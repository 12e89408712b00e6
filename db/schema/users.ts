import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
    /** Which of the generated avatars (server/domain/users/avatar.ts) the shopper picked; 0 until they choose. */
    avatarVariant: integer("avatar_variant").notNull().default(0),
    referralCode: text("referral_code").notNull().unique(),
    /** Direct referrer (L1), bound once at sign-up. L2 is the referrer's referrer. */
    referrerId: uuid("referrer_id"),
    frozen: boolean("frozen").notNull().default(false),
    /** Why and by whom the account was frozen (spec §9): shown to the shopper and in the console; null when not frozen. */
    frozenReason: text("frozen_reason"),
    frozenAt: timestamp("frozen_at", { withTimezone: true }),
    frozenBy: uuid("frozen_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("users_referrer_idx").on(t.referrerId),
    // The dashboard counts a day's new users (dashboard/day-counts.ts).
    index("users_created_idx").on(t.createdAt),
    check("users_avatar_variant_range", sql`${t.avatarVariant} >= 0 AND ${t.avatarVariant} < 6`),
    check("users_no_self_referral", sql`${t.referrerId} IS NULL OR ${t.referrerId} <> ${t.id}`),
    index("users_frozen_idx").on(t.createdAt).where(sql`${t.frozen}`),
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

/**
 * Signed-in sessions. The cookie (a signed JWT) names one of these rows; every request reads it, so
 * signing out, a password change or a staff role change ends sessions at once (spec §9, SECURITY.md).
 */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Moved forward at most once a minute by the requests that read the session (idle expiry). */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ip: text("ip").notNull(),
    /** The role signed in with: when the user's role is no longer this one, the session is over. */
    role: text("role", { enum: USER_ROLES }).notNull(),
  },
  (t) => [index("auth_sessions_user_open_idx").on(t.userId).where(sql`${t.revokedAt} IS NULL`)],
);

export const PHONE_CODE_PURPOSES = ["signup", "reset"] as const;
export type PhoneCodePurpose = (typeof PHONE_CODE_PURPOSES)[number];

/** One-time codes sent by SMS to prove a number is yours (sign-up, password reset): hashed, single-use, short-lived. */
export const phoneCodes = pgTable(
  "phone_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    phone: text("phone").notNull(),
    purpose: text("purpose", { enum: PHONE_CODE_PURPOSES }).notNull(),
    /** sha256 of `<id>:<code>`: the code itself is only in the message. */
    codeHash: text("code_hash").notNull(),
    ip: text("ip").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    wrongTries: integer("wrong_tries").notNull().default(0),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [index("phone_codes_phone_idx").on(t.phone, t.createdAt), index("phone_codes_ip_idx").on(t.ip, t.createdAt)],
);

/** What the sandbox SMS provider "sent": read by the local operator's page (/dev/sms) and by tests. */
export const sandboxSms = pgTable(
  "sandbox_sms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    phone: text("phone").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sandbox_sms_phone_idx").on(t.phone, t.createdAt)],
);

/**
 * A shopper's openid under one of our WeChat AppIDs (网页授权 snsapi_base), learnt when they open the
 * shop in WeChat's browser: JSAPI payment and WeChat Pay's transfers to a user need it. One row per
 * (user, AppID); signing in again replaces it. Not unique per openid: two of our accounts may be
 * used from one WeChat.
 */
export const wechatOpenids = pgTable(
  "wechat_openids",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    appId: text("app_id").notNull(),
    openid: text("openid").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: "wechat_openids_pk", columns: [t.userId, t.appId] }), index("wechat_openids_openid_idx").on(t.appId, t.openid)],
);

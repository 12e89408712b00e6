import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { ASSETS } from "./ledger";
import { users } from "./users";

/**
 * A finance operator's manual balance adjustment (spec §8, §9): one signed amount of one asset,
 * posted through the ledger to or from the `manual_adjustments` platform account. The id is made once
 * per form, so a double submit posts once; the balance before and after is what the audit row shows.
 */
export const manualAdjustments = pgTable(
  "manual_adjustments",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    asset: text("asset", { enum: ASSETS }).notNull(),
    /** Signed: positive credits the user, negative debits them. Fen for cash, credit and vouchers; points otherwise. */
    amount: bigint("amount", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    balanceBefore: bigint("balance_before", { mode: "number" }).notNull(),
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    check("manual_adjustments_amount_nonzero", sql`${t.amount} <> 0`),
    check("manual_adjustments_reason_length", sql`char_length(${t.reason}) BETWEEN 2 AND 200`),
    check("manual_adjustments_balances", sql`${t.balanceAfter} = ${t.balanceBefore} + ${t.amount} AND ${t.balanceAfter} >= 0`),
    index("manual_adjustments_user_idx").on(t.userId, t.createdAt),
  ],
);

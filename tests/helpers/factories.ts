import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import { users, type Asset } from "@/db/schema";
import { FixedClock, type Clock } from "@/server/domain/shared/clock";
import { postTransfers, type PostResult } from "@/server/domain/ledger";

export type UserRow = typeof users.$inferSelect;
export type UserOverrides = Partial<typeof users.$inferInsert> & { clock?: Clock };

const defaultClock = new FixedClock("2026-11-25T00:00:00Z");

// Phones and referral codes only need to be unique within one database (one per test file), but a
// random start keeps two module instances sharing a database from colliding in practice.
let seq = Math.floor(Math.random() * 50_000_000);

/** The next unique mainland mobile number of the form 139xxxxxxxx. */
export function nextPhone(): string {
  seq = (seq + 1) % 100_000_000;
  return `139${String(seq).padStart(8, "0")}`;
}

/** Inserts a shopper (or whatever `overrides` say) and returns the row. */
export async function createUser(db: DbOrTx, overrides: UserOverrides = {}): Promise<UserRow> {
  const { clock = defaultClock, ...values } = overrides;
  const phone = values.phone ?? nextPhone();
  const [row] = await db
    .insert(users)
    .values({
      phone,
      passwordHash: "x",
      displayName: `user ${phone.slice(-4)}`,
      referralCode: `R${phone.slice(3)}${randomUUID().slice(0, 4)}`.toUpperCase(),
      createdAt: clock.now(),
      ...values,
    })
    .returning();
  if (!row) throw new Error("createUser: insert returned no row");
  return row;
}

/** Inserts `count` users in one statement (same defaults as createUser) and returns the rows. */
export async function createUsers(db: DbOrTx, count: number, overrides: Omit<UserOverrides, "phone" | "referralCode"> = {}): Promise<UserRow[]> {
  if (count === 0) return [];
  const { clock = defaultClock, ...values } = overrides;
  return db
    .insert(users)
    .values(
      Array.from({ length: count }, () => {
        const phone = nextPhone();
        return {
          phone,
          passwordHash: "x",
          displayName: `user ${phone.slice(-4)}`,
          referralCode: `R${phone.slice(3)}${randomUUID().slice(0, 4)}`.toUpperCase(),
          createdAt: clock.now(),
          ...values,
        };
      }),
    )
    .returning();
}

/**
 * Credits `amount` of `asset` to a user from the platform's `opening_balances` account, under a
 * fresh idempotency key. Runs in its own transaction (a savepoint when `db` is a transaction), so
 * the entry and the balance move together.
 */
export async function fund(db: DbOrTx, clock: Clock, userId: string, asset: Asset, amount: number): Promise<PostResult> {
  return db.transaction((tx) =>
    postTransfers(tx, clock, [
      {
        key: `test-fund:${userId}:${asset}:${randomUUID()}`,
        asset,
        from: { platform: "opening_balances" },
        to: { userId },
        amount,
        reason: "test.fund",
        ref: { type: "test", id: userId },
      },
    ]),
  );
}

import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { DomainError } from "../shared/errors";

/**
 * Who may cash out by watching ads: a shopper whose account is not frozen (staff never). Takes the
 * shopper's ads lock for the rest of the transaction, so their sets and views change one at a time
 * (two tabs, a double tap, a network callback racing the player).
 */
export async function lockAdShopper(tx: DbOrTx, userId: string): Promise<void> {
  const [user] = await tx.select({ role: users.role, frozen: users.frozen }).from(users).where(eq(users.id, userId));
  if (!user) throw new DomainError("NOT_FOUND");
  if (user.role !== "shopper") throw new DomainError("FORBIDDEN");
  if (user.frozen) throw new DomainError("ACCOUNT_FROZEN");
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"ads:" + userId}, 0))`);
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assertNotFrozen, readAccountStanding } from "../users/account-standing";
import { DomainError } from "../shared/errors";

/**
 * Who may cash out by watching ads: a shopper whose account is not frozen (staff never). Takes the
 * shopper's ads lock for the rest of the transaction, so their sets and views change one at a time
 * (two tabs, a double tap, a network callback racing the player).
 */
export async function lockAdShopper(tx: DbOrTx, userId: string): Promise<void> {
  const user = await readAccountStanding(tx, userId);
  if (!user) throw new DomainError("NOT_FOUND");
  if (user.role !== "shopper") throw new DomainError("FORBIDDEN");
  assertNotFrozen(user);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"ads:" + userId}, 0))`);
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** A shopper's mall-point balance; `lock` holds the row until the caller's transaction ends (the reward spends from it). */
export async function readMallPoints(tx: DbOrTx, userId: string, lock = false): Promise<number> {
  const [row] = await tx.execute<{ balance: string }>(
    lock
      ? sql`SELECT balance FROM ledger_accounts WHERE user_id = ${userId} AND asset = 'mallPoints' FOR NO KEY UPDATE`
      : sql`SELECT balance FROM ledger_accounts WHERE user_id = ${userId} AND asset = 'mallPoints'`,
  );
  return Number(row?.balance ?? 0);
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ASSETS, type Asset } from "@/db/schema";
import type { PlatformAccount } from "./accounts";

export type Balances = Record<Asset, number>;

/** A user's balance of every asset: one indexed read of the running balances (O(1) per asset). */
export async function readUserBalances(tx: DbOrTx, userId: string): Promise<Balances> {
  const rows = await tx.execute<{ asset: Asset; balance: string }>(
    sql`SELECT asset, balance FROM ledger_accounts WHERE user_id = ${userId}`,
  );
  const out = Object.fromEntries(ASSETS.map((a) => [a, 0])) as Balances;
  for (const r of rows) out[r.asset] = Number(r.balance);
  return out;
}

/** A platform account's balance, derived from its entries (platform balances are never a hot row). */
export async function readPlatformBalance(tx: DbOrTx, platform: PlatformAccount, asset: Asset): Promise<number> {
  const [row] = await tx.execute<{ balance: string | null }>(sql`
    WITH acct AS (SELECT id FROM ledger_accounts WHERE platform_name = ${platform} AND asset = ${asset})
    SELECT (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE to_account_id IN (SELECT id FROM acct))
         - (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE from_account_id IN (SELECT id FROM acct)) AS balance`);
  return Number(row?.balance ?? 0);
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";
import { BUSINESS_TZ } from "../shared/business-day";

/** Who holds an account, as the dashboard sums it: every user is `user`, every advertiser `advertiser`, a platform account its name. */
export type Holder = string;
export const USER: Holder = "user";
export const ADVERTISER: Holder = "advertiser";

/** Ledger entries of one business day summed per (asset, reason, from holder, to holder). */
export interface FlowRow {
  day: string;
  asset: Asset;
  reason: string;
  fromHolder: Holder;
  toHolder: Holder;
  entries: number;
  amount: number;
}

/**
 * The ledger's entries with created_at in [start, end) (either bound open), summed per business day
 * and (asset, reason, holders). Found by the BRIN index on created_at (migration 0020), so a day's
 * query reads that day's blocks, not the ledger. Holders come from the few non-user accounts
 * (platform and advertiser accounts, through their unique indexes), joined by hash: no per-entry
 * account lookup.
 */
export async function readLedgerFlows(tx: DbOrTx, range: { start: Date | null; end: Date | null }): Promise<FlowRow[]> {
  const start = range.start ? sql`AND e.created_at >= ${range.start.toISOString()}::timestamptz` : sql``;
  const end = range.end ? sql`AND e.created_at < ${range.end.toISOString()}::timestamptz` : sql``;
  const rows = await tx.execute<{ day: string; asset: Asset; reason: string; from_holder: string; to_holder: string; entries: number; amount: string }>(sql`
    WITH nonuser AS (
      SELECT id, platform_name AS holder FROM ledger_accounts WHERE platform_name IS NOT NULL
      UNION ALL
      SELECT id, 'advertiser' FROM ledger_accounts WHERE advertiser_id IS NOT NULL)
    SELECT to_char(e.created_at AT TIME ZONE ${BUSINESS_TZ}, 'YYYY-MM-DD') AS day, e.asset, e.reason,
      COALESCE(f.holder, 'user') AS from_holder, COALESCE(t.holder, 'user') AS to_holder,
      count(*)::int AS entries, SUM(e.amount)::text AS amount
    FROM ledger_entries e
    LEFT JOIN nonuser f ON f.id = e.from_account_id
    LEFT JOIN nonuser t ON t.id = e.to_account_id
    WHERE true ${start} ${end}
    GROUP BY 1, 2, 3, 4, 5`);
  return rows.map((r) => ({ day: r.day, asset: r.asset, reason: r.reason, fromHolder: r.from_holder, toHolder: r.to_holder, entries: Number(r.entries), amount: Number(r.amount) }));
}

/** The (asset|holder) key balances are kept under. */
export const balanceKey = (asset: Asset, holder: Holder): string => `${asset}|${holder}`;

/** Adds the net effect of `flows` to `balances` (keyed by balanceKey): what arrives minus what leaves. */
export function applyFlows(balances: Map<string, number>, flows: readonly FlowRow[]): Map<string, number> {
  const out = new Map(balances);
  for (const f of flows) {
    const to = balanceKey(f.asset, f.toHolder);
    const from = balanceKey(f.asset, f.fromHolder);
    out.set(to, (out.get(to) ?? 0) + f.amount);
    out.set(from, (out.get(from) ?? 0) - f.amount);
  }
  return out;
}

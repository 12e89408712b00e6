import "server-only";
import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import type { DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";

/** The named platform accounts. Their balances are derived from entries (never a hot row). */
export const PLATFORM_ACCOUNTS = [
  "gateway_clearing", // money the payment gateway has collected for us
  "payout_clearing", // money paid out to shoppers' bank cards
  "withdrawal_hold", // cash held while a withdrawal awaits review
  "group_escrow", // join payments until a group is drawn or dissolved
  "rewards_expense", // the platform's cost of rewards (bonuses, points, releases)
  "credit_issued", // counterpart of credit (购物金) granted to shoppers
  "ad_revenue", // advertisers' money for completed views
  "ad_reserved", // a view's price, reserved from its advertiser's budget while the ad plays
  "ad_rewards", // the ad cash-out: cash paid to shoppers, mall points spent by them
  "ad_commissions", // referral commission on shoppers' ad cash-outs
  "ad_prepayments", // advertisers' offline transfers, received by the platform
  "ad_network_receivable", // what ad networks owe us for verified rewarded views
  "store_revenue", // store sales (cash, vouchers, points) until refunded
  "commission_hold", // referral commission on store orders, held until released or clawed back
  "opening_balances", // demo seed and operator grants
  "gateway_refunds", // store refunds and held payments on their way back through the provider that collected them (gateway_refunds table)
  "held_payments", // a held payment's money between the gateway's capture and finance's refund of it (held_payment_actions)
  "manual_adjustments", // finance's manual corrections of a user's balance, each with its reason (manual_adjustments table)
] as const;
export type PlatformAccount = (typeof PLATFORM_ACCOUNTS)[number];

/** Users and advertisers hold running balances the database keeps ≥ 0; platform accounts are derived. */
export type AccountRef = { userId: string } | { advertiserId: string } | { platform: PlatformAccount };

export function accountRefKey(asset: Asset, ref: AccountRef): string {
  if ("userId" in ref) return `${asset}|u|${ref.userId}`;
  return "advertiserId" in ref ? `${asset}|a|${ref.advertiserId}` : `${asset}|p|${ref.platform}`;
}

/** Whether the account carries a running balance (users, advertisers), which postings move and lock. */
export function holdsBalance(ref: AccountRef): boolean {
  return !("platform" in ref);
}

type Owner = { asset: Asset; userId: string | null; platform: string | null; advertiserId: string | null };

const refOf = (r: { user_id: string | null; platform_name: string | null; advertiser_id: string | null }): AccountRef =>
  r.user_id ? { userId: r.user_id } : r.advertiser_id ? { advertiserId: r.advertiser_id } : { platform: r.platform_name as PlatformAccount };

/**
 * Resolves (asset, owner) pairs to account ids in one round trip, creating missing accounts; pairs whose
 * id the caller already knows (`known`, keyed by accountRefKey) are not looked up.
 * Accounts are created lazily so a new asset or platform account needs no migration.
 */
export async function resolveAccountIds(tx: DbOrTx, wanted: { asset: Asset; ref: AccountRef }[], known?: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const unique = new Map<string, Owner>();
  const knownIds = new Map<string, number>();
  for (const w of wanted) {
    const key = accountRefKey(w.asset, w.ref);
    const id = known?.get(key);
    if (id !== undefined) {
      knownIds.set(key, id);
      continue;
    }
    unique.set(key, {
      asset: w.asset,
      userId: "userId" in w.ref ? w.ref.userId : null,
      platform: "platform" in w.ref ? w.ref.platform : null,
      advertiserId: "advertiserId" in w.ref ? w.ref.advertiserId : null,
    });
  }
  if (unique.size === 0) return knownIds;
  // Sorted, so two batches creating the same new accounts insert them in one order (no deadlock).
  const sorted = [...unique.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const arrays = (rows: Owner[]) =>
    sql`${pgArray(rows.map((r) => r.asset))}::text[], ${pgArray(rows.map((r) => r.userId))}::uuid[], ${pgArray(rows.map((r) => r.platform))}::text[], ${pgArray(rows.map((r) => r.advertiserId))}::uuid[]`;
  const select = async () => {
    // Two equality joins (not IS NOT DISTINCT FROM) so each uses its unique index.
    const found = await tx.execute<{ id: string; asset: Asset; user_id: string | null; platform_name: string | null; advertiser_id: string | null }>(sql`
      WITH w AS (SELECT * FROM unnest(${arrays(sorted.map(([, r]) => r))}) AS w(asset, user_id, platform_name, advertiser_id))
      SELECT a.id, a.asset, a.user_id, a.platform_name, a.advertiser_id FROM w JOIN ledger_accounts a ON a.user_id = w.user_id AND a.asset = w.asset
      UNION ALL
      SELECT a.id, a.asset, a.user_id, a.platform_name, a.advertiser_id FROM w JOIN ledger_accounts a ON a.platform_name = w.platform_name AND a.asset = w.asset
      UNION ALL
      SELECT a.id, a.asset, a.user_id, a.platform_name, a.advertiser_id FROM w JOIN ledger_accounts a ON a.advertiser_id = w.advertiser_id AND a.asset = w.asset`);
    return new Map(found.map((r) => [accountRefKey(r.asset, refOf(r)), Number(r.id)]));
  };
  let ids = await select();
  if (ids.size < sorted.length) {
    // Only the missing ones: inserting every wanted account, most of them conflicting, costs a
    // sequence value and a conflict check each, and waits on any other transaction creating one.
    const missing = sorted.filter(([k]) => !ids.has(k)).map(([, r]) => r);
    await tx.execute(sql`INSERT INTO ledger_accounts (asset, user_id, platform_name, advertiser_id) SELECT * FROM unnest(${arrays(missing)}) ON CONFLICT DO NOTHING`);
    ids = await select();
  }
  for (const [key, id] of knownIds) ids.set(key, id);
  return ids;
}

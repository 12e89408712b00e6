import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export interface AdvertiserRow {
  id: string;
  name: string;
  contact: string;
  /** What is left of the prepaid budget (the ledger account's balance, reservations of playing views excluded). */
  balanceFen: number;
  prepaidFen: number;
  campaigns: number;
  prepayments: { id: string; amountFen: number; reference: string; createdAt: Date }[];
}

/** Advertisers with their budget account, prepayments (newest first, last 20) and campaign count. */
export async function listAdvertisers(tx: DbOrTx): Promise<AdvertiserRow[]> {
  const rows = await tx.execute<{ id: string; name: string; contact: string; balance: string | null; prepaid: string; campaigns: number; prepayments: { id: string; amount_fen: number; reference: string; created_at: string }[] | null }>(sql`
    SELECT a.id, a.name, a.contact, b.balance,
      (SELECT COALESCE(SUM(amount_fen), 0) FROM ad_prepayments p WHERE p.advertiser_id = a.id) AS prepaid,
      (SELECT count(*)::int FROM ad_campaigns c WHERE c.advertiser_id = a.id) AS campaigns,
      (SELECT json_agg(p ORDER BY p.created_at DESC) FROM (SELECT id, amount_fen, reference, created_at FROM ad_prepayments WHERE advertiser_id = a.id ORDER BY created_at DESC LIMIT 20) p) AS prepayments
    FROM advertisers a LEFT JOIN ledger_accounts b ON b.advertiser_id = a.id AND b.asset = 'cash'
    ORDER BY a.created_at`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    contact: r.contact,
    balanceFen: Number(r.balance ?? 0),
    prepaidFen: Number(r.prepaid),
    campaigns: r.campaigns,
    prepayments: (r.prepayments ?? []).map((p) => ({ id: p.id, amountFen: Number(p.amount_fen), reference: p.reference, createdAt: new Date(p.created_at) })),
  }));
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { CreativeType } from "@/db/schema";

export interface CampaignRow {
  id: string;
  advertiserId: string;
  advertiser: string;
  name: string;
  creativeUrl: string;
  creativeType: CreativeType;
  durationSeconds: number;
  pricePerViewFen: number;
  budgetFen: number;
  /** Reserved by views playing now plus spent by completed ones: never above the budget (a CHECK). */
  committedFen: number;
  spentFen: number;
  sessions: number;
  completedViews: number;
  startsAt: Date;
  endsAt: Date | null;
  active: boolean;
}

/** Every campaign with its spend and view counts (newest first). */
export async function listCampaigns(tx: DbOrTx): Promise<CampaignRow[]> {
  const rows = await tx.execute<Record<string, unknown>>(sql`
    SELECT c.*, a.name AS advertiser, v.sessions, v.completed, v.spent
    FROM ad_campaigns c JOIN advertisers a ON a.id = c.advertiser_id
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS sessions, count(*) FILTER (WHERE status = 'completed')::int AS completed,
             COALESCE(SUM(price_fen) FILTER (WHERE status = 'completed'), 0) AS spent
      FROM ad_views WHERE campaign_id = c.id) v ON true
    ORDER BY c.created_at DESC`);
  return rows.map((r) => ({
    id: String(r.id),
    advertiserId: String(r.advertiser_id),
    advertiser: String(r.advertiser),
    name: String(r.name),
    creativeUrl: String(r.creative_url),
    creativeType: r.creative_type as CreativeType,
    durationSeconds: Number(r.duration_seconds),
    pricePerViewFen: Number(r.price_per_view_fen),
    budgetFen: Number(r.budget_fen),
    committedFen: Number(r.committed_fen),
    spentFen: Number(r.spent ?? 0),
    sessions: Number(r.sessions ?? 0),
    completedViews: Number(r.completed ?? 0),
    startsAt: new Date(String(r.starts_at)),
    endsAt: r.ends_at ? new Date(String(r.ends_at)) : null,
    active: Boolean(r.active),
  }));
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { BUSINESS_TZ, businessDayBounds } from "../shared/business-day";
import { DomainError } from "../shared/errors";

export interface AdReportDay {
  day: string;
  sessions: number;
  completedViews: number;
  /** Advertisers' money for the day's completed views (direct and networks). */
  revenueFen: number;
  setsCompleted: number;
  rewardsFen: number;
  pointsSpent: number;
  commissionsFen: number;
  /** What the day's cash-outs cost the platform beyond ad revenue: rewards + commissions − revenue. */
  subsidyFen: number;
}

type Figures = Omit<AdReportDay, "day" | "subsidyFen">;

/** The platform subsidy of the ad cash-out: what rewards and commissions cost beyond ad revenue. */
export function adSubsidyFen(f: Pick<Figures, "revenueFen" | "rewardsFen" | "commissionsFen">): number {
  return f.rewardsFen + f.commissionsFen - f.revenueFen;
}

function withSubsidy(f: Figures): Omit<AdReportDay, "day"> {
  return { ...f, subsidyFen: adSubsidyFen(f) };
}

export interface AdReportCampaign {
  campaignId: string;
  name: string;
  advertiser: string;
  sessions: number;
  completedViews: number;
  spendFen: number;
}

/**
 * The ads report over business days [from, to] (Asia/Shanghai, at most 92 days): per day (sessions by
 * the day they opened, views, revenue and cash-outs by the day they completed) and per campaign.
 */
export async function readAdReport(tx: DbOrTx, input: { from: string; to: string }): Promise<{ days: AdReportDay[]; totals: Omit<AdReportDay, "day">; campaigns: AdReportCampaign[] }> {
  const from = businessDayBounds(input.from);
  const to = businessDayBounds(input.to);
  if (!from || !to || to.end <= from.start || to.end.getTime() - from.start.getTime() > 92 * 86_400_000) throw new DomainError("BAD_INPUT", { field: "range" });
  const [start, end] = [from.start.toISOString(), to.end.toISOString()];
  // From the ad tables, by their indexed times (not a scan of the ledger); a test holds them equal to the ledger's ad entries.
  const days = await tx.execute<Record<string, string | number>>(sql`
    WITH d AS (SELECT to_char(g, 'YYYY-MM-DD') AS day FROM generate_series(${input.from}::date, ${input.to}::date, interval '1 day') g),
    opened AS (
      SELECT to_char(opened_at AT TIME ZONE ${BUSINESS_TZ}, 'YYYY-MM-DD') AS day, count(*)::int AS sessions
      FROM ad_views WHERE opened_at >= ${start}::timestamptz AND opened_at < ${end}::timestamptz GROUP BY 1),
    completed AS (
      SELECT to_char(closed_at AT TIME ZONE ${BUSINESS_TZ}, 'YYYY-MM-DD') AS day, count(*)::int AS completed, COALESCE(SUM(price_fen), 0) AS revenue
      FROM ad_views WHERE status = 'completed' AND closed_at >= ${start}::timestamptz AND closed_at < ${end}::timestamptz GROUP BY 1),
    sets AS (
      SELECT to_char(completed_at AT TIME ZONE ${BUSINESS_TZ}, 'YYYY-MM-DD') AS day, count(*)::int AS sets,
        COALESCE(SUM(reward_fen), 0) AS rewards, COALESCE(SUM(points_spent), 0) AS points, COALESCE(SUM(commission_fen), 0) AS commissions
      FROM ad_sets WHERE status = 'completed' AND completed_at >= ${start}::timestamptz AND completed_at < ${end}::timestamptz GROUP BY 1)
    SELECT d.day, COALESCE(o.sessions, 0) AS sessions, COALESCE(c.completed, 0) AS completed, COALESCE(c.revenue, 0) AS revenue,
      COALESCE(s.sets, 0) AS sets, COALESCE(s.rewards, 0) AS rewards, COALESCE(s.points, 0) AS points, COALESCE(s.commissions, 0) AS commissions
    FROM d LEFT JOIN opened o USING (day) LEFT JOIN completed c USING (day) LEFT JOIN sets s USING (day) ORDER BY d.day`);
  const campaigns = await tx.execute<Record<string, string | number>>(sql`
    -- As the per-day figures: sessions by the time they opened, completions and spend by the time they completed.
    SELECT c.id, c.name, a.name AS advertiser,
      count(v.id) FILTER (WHERE v.opened_at >= ${start}::timestamptz AND v.opened_at < ${end}::timestamptz)::int AS sessions,
      count(v.id) FILTER (WHERE v.status = 'completed' AND v.closed_at >= ${start}::timestamptz AND v.closed_at < ${end}::timestamptz)::int AS completed,
      COALESCE(SUM(v.price_fen) FILTER (WHERE v.status = 'completed' AND v.closed_at >= ${start}::timestamptz AND v.closed_at < ${end}::timestamptz), 0) AS spend
    FROM ad_campaigns c JOIN advertisers a ON a.id = c.advertiser_id
    LEFT JOIN ad_views v ON v.campaign_id = c.id AND v.opened_at < ${end}::timestamptz AND (v.closed_at IS NULL OR v.closed_at >= ${start}::timestamptz OR v.opened_at >= ${start}::timestamptz)
    GROUP BY c.id, c.name, a.name ORDER BY spend DESC, c.name`);
  const perDay = days.map((r) => ({
    day: String(r.day),
    ...withSubsidy({ sessions: Number(r.sessions), completedViews: Number(r.completed), revenueFen: Number(r.revenue), setsCompleted: Number(r.sets), rewardsFen: Number(r.rewards), pointsSpent: Number(r.points), commissionsFen: Number(r.commissions) }),
  }));
  const sum = (k: keyof Figures) => perDay.reduce((s, d) => s + d[k], 0);
  return {
    days: perDay,
    totals: withSubsidy({ sessions: sum("sessions"), completedViews: sum("completedViews"), revenueFen: sum("revenueFen"), setsCompleted: sum("setsCompleted"), rewardsFen: sum("rewardsFen"), pointsSpent: sum("pointsSpent"), commissionsFen: sum("commissionsFen") }),
    campaigns: campaigns.map((r) => ({ campaignId: String(r.id), name: String(r.name), advertiser: String(r.advertiser), sessions: Number(r.sessions), completedViews: Number(r.completed), spendFen: Number(r.spend) })),
  };
}

import "server-only";
import { addDays, differenceInCalendarDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ActivityConfigSchema } from "../shared/activity-config";
import { DEFAULT_ASSUMPTIONS } from "../activities/economics-preview";
import { DEFAULT_PROJECTION, liabilityProjection } from "../activities/liability-projection";
import { businessDay } from "../shared/business-day";

export interface PlannedActivity {
  id: string;
  name: string;
  openDay: string;
  /** Groups per day the projection runs at: the activity's own average since it opened. */
  dailyGroups: number;
}

export interface PlannedDay {
  day: string;
  creditFen: number;
  divPoints: number;
  mallPoints: number;
  voucherFen: number;
}

/**
 * Spec §10 beside the actual book: the activity editor's projection (activities/liability-projection.ts,
 * the same function, its default seed and assumptions) for every activity not ended (a paused one's
 * shoppers still hold what it promised), run from the day it
 * opened at the volume it has actually had (groups opened ÷ days open, at least 1), and summed per
 * calendar day over `days`. What the settings promised, to read against what the ledger holds.
 */
export async function readPlannedLiabilities(tx: DbOrTx, now: Date, days: readonly string[]): Promise<{ activities: PlannedActivity[]; series: PlannedDay[] }> {
  const rows = await tx.execute<{ id: string; name: string; price_fen: string; group_size: number; winners: number; config: unknown; opens_at: string; kinds: ("product" | "voucher")[] | null; groups: number | null }>(sql`
    SELECT a.id, a.name, a.price_fen, a.group_size, a.winners, a.config, a.opens_at::text,
      (SELECT array_agg(i.kind ORDER BY i.position) FROM activity_items i WHERE i.activity_id = a.id AND i.active) AS kinds,
      (SELECT max(g.number) FROM groups g WHERE g.activity_id = a.id) AS groups
    FROM activities a WHERE a.status IN ('active', 'paused') AND a.opens_at <= ${now.toISOString()}::timestamptz ORDER BY a.opens_at`);
  const today = businessDay(now);
  const byDay = new Map<string, PlannedDay>(days.map((d) => [d, { day: d, creditFen: 0, divPoints: 0, mallPoints: 0, voucherFen: 0 }]));
  const activities: PlannedActivity[] = [];
  for (const r of rows) {
    const config = ActivityConfigSchema.safeParse(r.config);
    if (!config.success || !r.kinds?.length) continue;
    const openDay = businessDay(new Date(r.opens_at));
    const daysOpen = differenceInCalendarDays(parseISO(today), parseISO(openDay)) + 1;
    const dailyGroups = Math.min(10_000, Math.max(1, Math.round(Number(r.groups ?? 0) / daysOpen)));
    const projection = liabilityProjection(
      { priceFen: Number(r.price_fen), groupSize: r.group_size, winners: r.winners, config: config.data, itemKinds: r.kinds },
      DEFAULT_ASSUMPTIONS,
      { ...DEFAULT_PROJECTION, days: Math.min(365, Math.max(30, daysOpen)), dailyGroups },
    );
    activities.push({ id: r.id, name: r.name, openDay, dailyGroups });
    for (const p of projection.series) {
      const slot = byDay.get(format(addDays(parseISO(openDay), p.day - 1), "yyyy-MM-dd"));
      if (!slot) continue;
      slot.creditFen += p.creditFen;
      slot.divPoints += p.divPoints;
      slot.mallPoints += p.mallPoints;
      slot.voucherFen += p.voucherFen;
    }
  }
  return { activities, series: [...byDay.values()] };
}

import { addDays, format, parseISO } from "date-fns";
import { businessDay } from "../shared/business-day";

export const DASHBOARD_RANGES = ["today", "7d", "30d", "custom"] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

const SPAN: Record<Exclude<DashboardRange, "custom">, number> = { today: 1, "7d": 7, "30d": 30 };

/** The business days a range covers, ending today (Asia/Shanghai); a custom range is taken as given (readDashboard checks it). */
export function resolveDashboardRange(now: Date, range: DashboardRange, custom?: { from?: string; to?: string }): { from: string; to: string } {
  const today = businessDay(now);
  if (range === "custom") return { from: custom?.from ?? today, to: custom?.to ?? today };
  return { from: format(addDays(parseISO(today), -(SPAN[range] - 1)), "yyyy-MM-dd"), to: today };
}

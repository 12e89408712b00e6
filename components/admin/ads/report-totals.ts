import type { AdReportData } from "./types";

export interface ReportTotals {
  sessions: number;
  completedViews: number;
  revenueFen: number;
  setsCompleted: number;
  rewardsFen: number;
  pointsSpent: number;
  commissionsFen: number;
  /** rewards + commissions − revenue over the range: positive when the platform pays out more than ads bring in. */
  subsidyFen: number;
}

export function sumReportDays(days: AdReportData["days"]): ReportTotals {
  const sum = days.reduce(
    (s, d) => ({
      sessions: s.sessions + d.sessions,
      completedViews: s.completedViews + d.completedViews,
      revenueFen: s.revenueFen + d.revenueFen,
      setsCompleted: s.setsCompleted + d.setsCompleted,
      rewardsFen: s.rewardsFen + d.rewardsFen,
      pointsSpent: s.pointsSpent + d.pointsSpent,
      commissionsFen: s.commissionsFen + d.commissionsFen,
    }),
    { sessions: 0, completedViews: 0, revenueFen: 0, setsCompleted: 0, rewardsFen: 0, pointsSpent: 0, commissionsFen: 0 },
  );
  return { ...sum, subsidyFen: sum.rewardsFen + sum.commissionsFen - sum.revenueFen };
}

/** Red when the platform pays (a positive subsidy), as the report's reader expects. */
export function subsidyClass(subsidyFen: number): string {
  return subsidyFen > 0 ? "text-brand" : subsidyFen < 0 ? "text-emerald-700" : "";
}

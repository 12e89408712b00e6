import type { AdReportData } from "./types";

/** The range's totals, as the server summed them (the subsidy rule lives in server/domain/ads/ad-report.ts). */
export type ReportTotals = AdReportData["totals"];

/** Red when the platform pays (a positive subsidy), as the report's reader expects. */
export function subsidyClass(subsidyFen: number): string {
  return subsidyFen > 0 ? "text-brand" : subsidyFen < 0 ? "text-emerald-700" : "";
}

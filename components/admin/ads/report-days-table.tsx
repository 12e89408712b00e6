import { useTranslations } from "next-intl";
import { formatFen, formatPoints } from "../../money/format-fen";
import { Table, Td, Th } from "../table";
import { formatRate } from "./format-rate";
import { subsidyClass, type ReportTotals } from "./report-totals";
import type { AdReportData } from "./types";

type Day = AdReportData["days"][number];

function Cells({ d }: { d: Day | ReportTotals }) {
  return (
    <>
      <Td className="tabular text-right">{formatPoints(d.sessions)}</Td>
      <Td className="tabular text-right">{formatPoints(d.completedViews)}</Td>
      <Td className="tabular text-right text-neutral-500">{formatRate(d.completedViews, d.sessions)}</Td>
      <Td className="tabular text-right">{formatFen(d.revenueFen)}</Td>
      <Td className="tabular text-right">{formatPoints(d.setsCompleted)}</Td>
      <Td className="tabular text-right">{formatFen(d.rewardsFen)}</Td>
      <Td className="tabular text-right">{formatPoints(d.pointsSpent)}</Td>
      <Td className="tabular text-right">{formatFen(d.commissionsFen)}</Td>
      <Td className={`tabular text-right font-medium ${subsidyClass(d.subsidyFen)}`}>{formatFen(d.subsidyFen)}</Td>
    </>
  );
}

/** The report per business day, newest first, with the range's total at the foot. */
export function ReportDaysTable({ days, totals }: { days: AdReportData["days"]; totals: ReportTotals }) {
  const t = useTranslations("admin.ads.report");
  return (
    <Table label={t("perDay")}>
      <thead>
        <tr>
          <Th>{t("day")}</Th>
          <Th className="text-right">{t("sessions")}</Th>
          <Th className="text-right">{t("completed")}</Th>
          <Th className="text-right">{t("rate")}</Th>
          <Th className="text-right">{t("revenue")}</Th>
          <Th className="text-right">{t("sets")}</Th>
          <Th className="text-right">{t("rewards")}</Th>
          <Th className="text-right">{t("points")}</Th>
          <Th className="text-right">{t("commissions")}</Th>
          <Th className="text-right" title={t("subsidyHelp")}>
            {t("subsidy")}
          </Th>
        </tr>
      </thead>
      <tbody>
        {[...days].reverse().map((d) => (
          <tr key={d.day} data-testid="report-day-row">
            <Td className="tabular whitespace-nowrap">{d.day}</Td>
            <Cells d={d} />
          </tr>
        ))}
      </tbody>
      <tfoot className="bg-neutral-50 font-medium">
        <tr data-testid="report-total-row">
          <Td>{t("total")}</Td>
          <Cells d={totals} />
        </tr>
      </tfoot>
    </Table>
  );
}

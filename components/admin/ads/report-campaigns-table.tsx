import { useTranslations } from "next-intl";
import { formatFen, formatPoints } from "../../money/format-fen";
import { Table, Td, Th } from "../table";
import { formatRate } from "./format-rate";
import type { AdReportData } from "./types";

/** Each campaign's views opened in the range and what its completed ones cost the advertiser. */
export function ReportCampaignsTable({ campaigns }: { campaigns: AdReportData["campaigns"] }) {
  const t = useTranslations("admin.ads.report");
  return (
    <Table label={t("perCampaign")}>
      <thead>
        <tr>
          <Th>{t("campaign")}</Th>
          <Th>{t("advertiser")}</Th>
          <Th className="text-right">{t("sessions")}</Th>
          <Th className="text-right">{t("completed")}</Th>
          <Th className="text-right">{t("rate")}</Th>
          <Th className="text-right">{t("spend")}</Th>
        </tr>
      </thead>
      <tbody>
        {campaigns.length === 0 ? (
          <tr>
            <td colSpan={6} className="px-4 py-10 text-center text-sm text-neutral-400">
              {t("noCampaigns")}
            </td>
          </tr>
        ) : (
          campaigns.map((c) => (
            <tr key={c.campaignId} data-testid="report-campaign-row">
              <Td className="font-medium">{c.name}</Td>
              <Td className="text-neutral-600">{c.advertiser}</Td>
              <Td className="tabular text-right">{formatPoints(c.sessions)}</Td>
              <Td className="tabular text-right">{formatPoints(c.completedViews)}</Td>
              <Td className="tabular text-right text-neutral-500">{formatRate(c.completedViews, c.sessions)}</Td>
              <Td className="tabular text-right font-medium">{formatFen(c.spendFen)}</Td>
            </tr>
          ))
        )}
      </tbody>
    </Table>
  );
}

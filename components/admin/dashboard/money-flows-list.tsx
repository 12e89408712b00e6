"use client";

import { useTranslations } from "next-intl";
import { formatFen, formatPoints } from "../../money/format-fen";
import { FigureLine } from "../figure-line";
import type { DayFiguresData } from "./types";

/** Store, settlement and ads figures of the range, every amount in yuan as the ledger holds it. */
export function MoneyFlowsList({ totals }: { totals: DayFiguresData }) {
  const t = useTranslations("admin.dashboard.flows");
  return (
    <div className="tabular grid content-start gap-y-1.5 text-sm" data-testid="dashboard-flows">
      <p className="text-xs text-neutral-500">{t("store")}</p>
      <FigureLine label={t("storeOrders")} value={formatPoints(totals.storeOrders)} />
      <FigureLine label={t("storeSales")} value={formatFen(totals.gmvStoreFen)} />
      <FigureLine label={t("storeRefunds")} value={formatFen(totals.storeRefundsFen)} testId="flow-store-refunds" />
      <FigureLine label={t("storeCommission")} value={formatFen(totals.storeCommissionFen)} />
      <p className="mt-2 border-t border-neutral-100 pt-2 text-xs text-neutral-500">{t("settlement")}</p>
      <FigureLine label={t("dailyDividend")} value={formatFen(totals.dailyDividendFen)} testId="flow-daily-dividend" />
      <FigureLine label={t("staticRelease")} value={formatFen(totals.staticReleaseFen)} />
      <FigureLine label={t("poolPayout")} value={formatFen(totals.poolPayoutFen)} />
      <p className="mt-2 border-t border-neutral-100 pt-2 text-xs text-neutral-500">{t("ads")}</p>
      <FigureLine label={t("adRevenue")} value={formatFen(totals.adRevenueFen)} />
      <FigureLine label={t("adRewards")} value={formatFen(totals.adRewardsFen + totals.adCommissionsFen)} />
      <FigureLine label={t("adSubsidy")} value={formatFen(totals.adSubsidyFen)} className={totals.adSubsidyFen > 0 ? "text-brand" : ""} testId="flow-ad-subsidy" />
    </div>
  );
}

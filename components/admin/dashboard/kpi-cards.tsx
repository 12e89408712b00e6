"use client";

import { useTranslations } from "next-intl";
import { formatFen, formatPoints } from "../../money/format-fen";
import { Panel } from "../table";
import type { DayFiguresData } from "./types";

/** Cash the platform paid out as rewards and payouts in the range (points and vouchers are liabilities, shown below). */
export function cashRewardsFen(f: DayFiguresData): number {
  return f.rewardLAFen + f.rewardWDFen + f.rewardLBFen + f.referralReleaseFen + f.dailyDividendFen + f.staticReleaseFen + f.poolPayoutFen + f.storeCommissionFen;
}

function Card({ label, value, sub, testId }: { label: string; value: string; sub: string; testId: string }) {
  return (
    <Panel className="px-5 py-4">
      <p className="text-sm text-neutral-500">{label}</p>
      <p className="tabular mt-1.5 truncate text-[26px] leading-tight font-semibold text-neutral-900" data-testid={testId}>
        {value}
      </p>
      <p className="tabular mt-2 truncate border-t border-neutral-100 pt-2 text-xs text-neutral-500">{sub}</p>
    </Panel>
  );
}

/** The range's headline figures, four by two, as an Ant Design Pro console opens. */
export function KpiCards({ totals }: { totals: DayFiguresData }) {
  const t = useTranslations("admin.dashboard.kpi");
  return (
    <div className="grid grid-cols-4 gap-4" data-testid="dashboard-kpis">
      <Card label={t("gmv")} value={formatFen(totals.gmvFen)} sub={t("gmvSub", { group: formatFen(totals.gmvGroupFen), store: formatFen(totals.gmvStoreFen) })} testId="kpi-gmv" />
      <Card label={t("entries")} value={formatPoints(totals.entries)} sub={t("entriesSub", { drawn: formatPoints(totals.groupsDrawn), dissolved: formatPoints(totals.groupsDissolved) })} testId="kpi-entries" />
      <Card label={t("outcomes")} value={`${formatPoints(totals.winners)} / ${formatPoints(totals.losers)}`} sub={t("outcomesSub", { refunds: formatFen(totals.dissolvedRefundsFen) })} testId="kpi-outcomes" />
      <Card label={t("cashRewards")} value={formatFen(cashRewardsFen(totals))} sub={t("cashRewardsSub", { dividend: formatFen(totals.dailyDividendFen), pool: formatFen(totals.poolPayoutFen) })} testId="kpi-cash-rewards" />
      <Card label={t("topups")} value={formatFen(totals.topupsFen)} sub={t("topupsSub", { n: formatPoints(totals.topups) })} testId="kpi-topups" />
      <Card label={t("withdrawals")} value={formatFen(totals.withdrawalsPaidFen)} sub={t("withdrawalsSub", { requested: formatFen(totals.withdrawalsRequestedFen), returned: formatFen(totals.withdrawalsReturnedFen) })} testId="kpi-withdrawals" />
      <Card label={t("ads")} value={formatFen(totals.adRevenueFen)} sub={t("adsSub", { rewards: formatFen(totals.adRewardsFen + totals.adCommissionsFen), subsidy: formatFen(totals.adSubsidyFen) })} testId="kpi-ads" />
      <Card label={t("newUsers")} value={formatPoints(totals.newUsers)} sub={t("newUsersSub", { promoters: formatPoints(totals.newPromoters), orders: formatPoints(totals.storeOrders) })} testId="kpi-new-users" />
    </div>
  );
}

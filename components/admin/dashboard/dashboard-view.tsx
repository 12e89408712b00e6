"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "../../trpc/react";
import { Spinner } from "../../ui/spinner";
import { Panel } from "../table";
import { CashFlowChart } from "./cash-flow-chart";
import { GmvChart } from "./gmv-chart";
import { KpiCards } from "./kpi-cards";
import { LiabilitiesPanel } from "./liabilities-panel";
import { MoneyFlowsList } from "./money-flows-list";
import { INITIAL_RANGE } from "./initial-range";
import { RangeBar, type RangeInput } from "./range-bar";
import { ReconciliationPanel } from "./reconciliation-panel";
import { RewardsPanel } from "./rewards-panel";


/** 数据概览: a range of business days → headline figures, charts with their numbers, liabilities against plan, reconciliation. */
export function DashboardView({ canReconcile }: { canReconcile: boolean }) {
  const t = useTranslations("admin.dashboard");
  const trpc = useTRPC();
  const [range, setRange] = useState<RangeInput>(INITIAL_RANGE);
  const query = useQuery({ ...trpc.admin.dashboard.overview.queryOptions(range), placeholderData: (p) => p });
  const data = query.data;
  return (
    <div className="flex flex-col gap-4">
      <RangeBar value={range} onChange={setRange} today={data?.today ?? ""} shown={data ? { from: data.from, to: data.to, lastSnapshotDay: data.lastSnapshotDay } : null} fetching={query.isFetching} />
      {query.isError ? <Panel className="p-6 text-sm text-brand">{query.error.message}</Panel> : null}
      {!data ? (
        query.isError ? null : (
          <Panel className="flex justify-center py-16 text-neutral-400">
            <Spinner label={t("loading")} />
          </Panel>
        )
      ) : (
        <>
          <KpiCards totals={data.totals} />
          <div className="grid grid-cols-[1fr_22rem] gap-4">
            <Panel className="min-w-0 p-4">
              <h2 className="font-semibold">{t("charts.gmvTitle")}</h2>
              <p className="mt-0.5 text-xs text-neutral-500">{t("charts.gmvBody")}</p>
              <div className="mt-3">
                <GmvChart days={data.days} />
              </div>
            </Panel>
            <Panel className="p-4">
              <h2 className="font-semibold">{t("rewards.title")}</h2>
              <p className="mt-0.5 mb-2 text-xs text-neutral-500">{t("rewards.body")}</p>
              <RewardsPanel totals={data.totals} />
            </Panel>
          </div>
          <div className="grid grid-cols-[1fr_22rem] gap-4">
            <Panel className="min-w-0 p-4">
              <h2 className="font-semibold">{t("charts.cashTitle")}</h2>
              <p className="mt-0.5 text-xs text-neutral-500">{t("charts.cashBody")}</p>
              <div className="mt-3">
                <CashFlowChart days={data.days} />
              </div>
            </Panel>
            <Panel className="p-4">
              <h2 className="mb-2 font-semibold">{t("flows.title")}</h2>
              <MoneyFlowsList totals={data.totals} />
            </Panel>
          </div>
          <LiabilitiesPanel liabilities={data.liabilities} planned={data.planned} />
          <ReconciliationPanel stored={data.reconciliation} canRunNow={canReconcile} />
        </>
      )}
    </div>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { formatAssetAmount, formatFen } from "../../money/format-fen";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { FigureLine } from "../figure-line";
import { Panel } from "../table";
import { useAssetName } from "../use-asset-name";
import type { DashboardData, ReconciliationData } from "./types";

type Result = Omit<ReconciliationData, "at">;

const bad = (v: number) => (v !== 0 ? "font-semibold text-brand" : "");

/**
 * 对账: per asset, users' running balances + advertisers' + the platform accounts must sum to zero,
 * and cash in − cash out must equal the cash held; any difference in red. The nightly one by default;
 * finance can run one now (it reads every account, so it is not part of each load).
 */
export function ReconciliationPanel({ stored, canRunNow }: { stored: DashboardData["reconciliation"]; canRunNow: boolean }) {
  const t = useTranslations("admin.dashboard.reconciliation");
  const trpc = useTRPC();
  const assetName = useAssetName();
  const now = useQuery({ ...trpc.admin.dashboard.reconcileNow.queryOptions(), enabled: false });
  const shown: Result | null = now.data ?? stored;
  const asOf = now.data ? t("asOfNow") : stored ? t("asOfDay", { day: stored.day }) : null;
  return (
    <Panel className="p-4">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 className="flex items-center gap-2 font-semibold">
            {t("title")}
            {shown ? (
              <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${shown.ok ? "bg-emerald-50 text-emerald-700" : "bg-red-50 text-brand"}`} data-testid="reconciliation-status">
                {shown.ok ? t("balanced") : t("unbalanced")}
              </span>
            ) : null}
          </h2>
          <p className="mt-0.5 text-xs text-neutral-500">{asOf ?? t("none")}</p>
        </div>
        {canRunNow ? (
          <Button size="sm" variant="neutral" loading={now.isFetching} onClick={() => void now.refetch()} data-testid="reconcile-now">
            {t("runNow")}
          </Button>
        ) : null}
      </div>
      {now.isError ? <p className="mt-2 text-sm text-brand">{now.error.message}</p> : null}
      {shown ? (
        <div className="mt-3 grid grid-cols-[1fr_20rem] gap-6">
          <table className="w-full text-sm" data-testid="reconciliation-assets">
            <thead>
              <tr className="border-b border-neutral-100 text-left text-xs text-neutral-500">
                <th className="py-1.5 font-normal">{t("asset")}</th>
                <th className="py-1.5 text-right font-normal">{t("usersRunning")}</th>
                <th className="py-1.5 text-right font-normal">{t("usersFromEntries")}</th>
                <th className="py-1.5 text-right font-normal">{t("advertisers")}</th>
                <th className="py-1.5 text-right font-normal">{t("platform")}</th>
                <th className="py-1.5 text-right font-normal">{t("difference")}</th>
              </tr>
            </thead>
            <tbody className="tabular">
              {shown.assets.map((a) => (
                <tr key={a.asset} className="border-b border-neutral-50 last:border-0">
                  <td className="py-1.5">{assetName(a.asset)}</td>
                  <td className="py-1.5 text-right">{formatAssetAmount(a.asset, a.usersRunning)}</td>
                  <td className={`py-1.5 text-right ${bad(a.usersRunning - a.usersFromEntries)}`}>{formatAssetAmount(a.asset, a.usersFromEntries)}</td>
                  <td className={`py-1.5 text-right ${bad(a.advertisersRunning - a.advertisersFromEntries)}`}>{formatAssetAmount(a.asset, a.advertisersRunning)}</td>
                  <td className="py-1.5 text-right">{formatAssetAmount(a.asset, a.platform)}</td>
                  <td className={`py-1.5 text-right ${bad(a.difference)}`} data-testid={`difference-${a.asset}`}>
                    {formatAssetAmount(a.asset, a.difference)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="tabular grid content-start gap-y-1.5 border-l border-neutral-100 pl-6 text-sm" data-testid="reconciliation-cash">
            <FigureLine label={t("topups")} value={formatFen(shown.cash.topupsFen)} />
            <FigureLine label={t("otherIn")} value={formatFen(shown.cash.otherInFen)} />
            <FigureLine label={t("withdrawalsPaid")} value={`-${formatFen(shown.cash.withdrawalsPaidFen)}`} />
            <FigureLine label={t("netIn")} value={formatFen(shown.cash.netInFen)} className="border-t border-neutral-100 pt-1.5 font-medium" />
            <FigureLine label={t("held")} value={formatFen(shown.cash.heldFen)} />
            <FigureLine label={t("cashDifference")} value={formatFen(shown.cash.differenceFen)} className={`border-t border-neutral-100 pt-1.5 ${bad(shown.cash.differenceFen)}`} testId="difference-cash-flow" />
            <p className="text-[11px] leading-snug text-neutral-400">{t("cashHelp")}</p>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { formatFen, formatPoints } from "../../money/format-fen";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { Spinner } from "../../ui/spinner";
import { FigureLine } from "../figure-line";
import { FilterTabs } from "../filter-tabs";
import { Panel } from "../table";
import { formatRate } from "./format-rate";
import { ReportCampaignsTable } from "./report-campaigns-table";
import { ReportChart } from "./report-chart";
import { ReportDaysTable } from "./report-days-table";
import { MAX_REPORT_DAYS, presetRange, PRESETS, rangeError, type Preset } from "./report-range";
import { subsidyClass } from "./report-totals";

/** 报表: a range of business days → per day (chart with the numbers beside it, then the table) and per campaign. */
export function ReportView({ today }: { today: string }) {
  const t = useTranslations("admin.ads.report");
  const trpc = useTRPC();
  const [preset, setPreset] = useState<Preset>("7");
  const [range, setRange] = useState(() => presetRange(today, 7));
  const [draft, setDraft] = useState(range);
  const draftError = rangeError(draft.from, draft.to);
  const report = useQuery({ ...trpc.admin.ads.report.queryOptions(range), placeholderData: (p) => p });

  function choose(p: Preset) {
    setPreset(p);
    if (p !== "custom") {
      const next = presetRange(today, Number(p));
      setRange(next);
      setDraft(next);
    }
  }

  const data = report.data;
  const totals = data?.totals ?? null;
  return (
    <div className="flex flex-col gap-4">
      <Panel className="flex min-h-14 flex-wrap items-end gap-x-6 px-4">
        <FilterTabs label={t("range")} options={PRESETS} value={preset} onChange={choose} renderLabel={(p) => t(`presets.${p}`)} className="flex gap-1 pt-2" />
        {preset === "custom" ? (
          <form
            className="flex items-center gap-2 self-center py-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (!draftError) setRange(draft);
            }}
          >
            <input type="date" aria-label={t("from")} value={draft.from} max={today} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} className="tabular h-8 rounded-md border border-neutral-300 px-2 text-sm" data-testid="report-from" />
            <span className="text-neutral-400">–</span>
            <input type="date" aria-label={t("to")} value={draft.to} max={today} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} className="tabular h-8 rounded-md border border-neutral-300 px-2 text-sm" data-testid="report-to" />
            <Button type="submit" size="sm" variant="neutral" disabled={!!draftError}>
              {t("apply")}
            </Button>
          </form>
        ) : null}
        <p className="ml-auto flex items-center gap-2 self-center text-xs text-neutral-500" data-testid="report-range">
          {draftError && preset === "custom" ? <span className="text-brand">{t(`rangeErrors.${draftError}`, { max: MAX_REPORT_DAYS })}</span> : t("rangeLine", { from: range.from, to: range.to })}
          {report.isFetching ? <Spinner className="text-neutral-400" /> : null}
        </p>
      </Panel>

      {report.isError ? <Panel className="p-6 text-sm text-brand">{report.error.message}</Panel> : null}
      {!data || !totals ? (
        report.isError ? null : (
          <Panel className="flex justify-center py-16 text-neutral-400">
            <Spinner label={t("loading")} />
          </Panel>
        )
      ) : (
        <>
          <Panel className="grid grid-cols-[1fr_18rem] gap-6 p-4">
            <div className="min-w-0">
              <h2 className="font-semibold">{t("chartTitle")}</h2>
              <p className="mt-0.5 text-xs text-neutral-500">{t("chartBody")}</p>
              <div className="mt-3">
                <ReportChart days={data.days} />
              </div>
            </div>
            <div className="tabular grid content-start gap-y-2 border-l border-neutral-100 pl-6 text-sm" data-testid="report-totals">
              <p className="text-xs text-neutral-500">{t("totalsFor", { n: data.days.length })}</p>
              <FigureLine label={t("revenue")} value={formatFen(totals.revenueFen)} testId="total-revenue" />
              <FigureLine label={t("rewards")} value={formatFen(totals.rewardsFen)} testId="total-rewards" />
              <FigureLine label={t("commissions")} value={formatFen(totals.commissionsFen)} testId="total-commissions" />
              <FigureLine label={t("subsidy")} value={formatFen(totals.subsidyFen)} className={`border-t border-neutral-100 pt-2 font-semibold ${subsidyClass(totals.subsidyFen)}`} testId="total-subsidy" />
              <p className="text-[11px] leading-snug text-neutral-400">{t("subsidyHelp")}</p>
              <FigureLine label={t("completedOfSessions")} value={`${formatPoints(totals.completedViews)} / ${formatPoints(totals.sessions)}`} />
              <FigureLine label={t("rate")} value={formatRate(totals.completedViews, totals.sessions)} />
              <FigureLine label={t("sets")} value={formatPoints(totals.setsCompleted)} />
              <FigureLine label={t("points")} value={formatPoints(totals.pointsSpent)} />
            </div>
          </Panel>
          <Panel>
            <h2 className="px-4 pt-3 pb-2 font-semibold">{t("perDay")}</h2>
            <ReportDaysTable days={data.days} totals={totals} />
          </Panel>
          <Panel>
            <div className="px-4 pt-3 pb-2">
              <h2 className="font-semibold">{t("perCampaign")}</h2>
              <p className="mt-0.5 text-xs text-neutral-500">{t("perCampaignBody")}</p>
            </div>
            <ReportCampaignsTable campaigns={data.campaigns} />
          </Panel>
        </>
      )}
    </div>
  );
}

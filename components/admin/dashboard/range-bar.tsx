"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../../ui/button";
import { Spinner } from "../../ui/spinner";
import { MAX_REPORT_DAYS, rangeError } from "../ads/report-range";
import { FilterTabs } from "../filter-tabs";
import { Panel } from "../table";

export const RANGES = ["today", "7d", "30d", "custom"] as const;
export type RangeChoice = (typeof RANGES)[number];
export type RangeInput = { range: RangeChoice; from?: string; to?: string };

/** 今日 / 近 7 天 / 近 30 天 / 自定义: presets end today (business time, decided by the server). */
export function RangeBar({ value, onChange, today, shown, fetching }: { value: RangeInput; onChange: (next: RangeInput) => void; today: string; shown: { from: string; to: string; lastSnapshotDay: string | null } | null; fetching: boolean }) {
  const t = useTranslations("admin.dashboard");
  const [draft, setDraft] = useState({ from: value.from ?? today, to: value.to ?? today });
  const draftError = rangeError(draft.from, draft.to);
  return (
    <Panel className="flex min-h-14 flex-wrap items-end gap-x-6 px-4">
      <FilterTabs
        label={t("range")}
        options={RANGES}
        value={value.range}
        onChange={(range) => onChange(range === "custom" ? { range, ...draft } : { range })}
        renderLabel={(r) => t(`ranges.${r}`)}
        className="flex gap-1 pt-2"
      />
      {value.range === "custom" ? (
        <form
          className="flex items-center gap-2 self-center py-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!draftError) onChange({ range: "custom", ...draft });
          }}
        >
          <input type="date" aria-label={t("from")} value={draft.from} max={today} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} className="tabular h-8 rounded-md border border-neutral-300 px-2 text-sm" data-testid="dashboard-from" />
          <span className="text-neutral-400">–</span>
          <input type="date" aria-label={t("to")} value={draft.to} max={today} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} className="tabular h-8 rounded-md border border-neutral-300 px-2 text-sm" data-testid="dashboard-to" />
          <Button type="submit" size="sm" variant="neutral" disabled={!!draftError}>
            {t("apply")}
          </Button>
        </form>
      ) : null}
      <p className="ml-auto flex items-center gap-2 self-center text-xs text-neutral-500" data-testid="dashboard-range">
        {draftError && value.range === "custom" ? (
          <span className="text-brand">{t(`rangeErrors.${draftError}`, { max: MAX_REPORT_DAYS })}</span>
        ) : shown ? (
          <>
            <span>{shown.from === shown.to ? shown.from : t("rangeLine", { from: shown.from, to: shown.to })}</span>
            <span className="text-neutral-300">·</span>
            <span>{shown.lastSnapshotDay ? t("freshness", { day: shown.lastSnapshotDay }) : t("freshnessLive")}</span>
          </>
        ) : null}
        {fetching ? <Spinner className="text-neutral-400" /> : null}
      </p>
    </Panel>
  );
}

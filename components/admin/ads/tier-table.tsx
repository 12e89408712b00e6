"use client";

import { useTranslations } from "next-intl";
import { formatFen, formatPoints } from "../../money/format-fen";
import { parseYuanToFen } from "../../money/parse-yuan";
import { Button } from "../../ui/button";
import { MAX_TIERS, newTierRow, type SettingsErrors, type TierForm } from "./ad-settings-form";

function whole(text: string): number | null {
  return /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : null;
}

/** 区间递减: one row per tier (ascending minimum balance), each with the sentence shoppers will read for it. */
export function TierTable({ tiers, viewsPerSet, errors, disabled, onChange, message }: { tiers: TierForm[]; viewsPerSet: string; errors: SettingsErrors; disabled: boolean; onChange: (tiers: TierForm[]) => void; message: (path: string) => string | null }) {
  const t = useTranslations("admin.ads.rules");
  const views = whole(viewsPerSet);
  const setRow = (i: number, patch: Partial<TierForm>) => onChange(tiers.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  function preview(i: number): string {
    const row = tiers[i];
    if (!row) return "";
    const min = whole(row.minPoints);
    const reward = parseYuanToFen(row.reward);
    const cost = whole(row.pointsCost);
    const next = whole(tiers[i + 1]?.minPoints ?? "");
    if (min === null || reward === null || cost === null || views === null) return t("previewIncomplete");
    const range = next !== null && next > min ? t("rangeBetween", { min: formatPoints(min), max: formatPoints(next - 1) }) : t("rangeFrom", { min: formatPoints(min) });
    return t("preview", { range, views, reward: formatFen(reward), cost });
  }

  const cell = (i: number, field: "minPoints" | "reward" | "pointsCost", path: string, label: string, prefix?: string) => {
    const error = errors[path] ? message(path) : null;
    return (
      <div className="flex flex-col gap-1">
        <span className={`flex h-9 items-center rounded-md border px-2.5 ${error ? "border-brand" : "border-neutral-300 focus-within:border-neutral-500"} ${disabled ? "bg-neutral-50" : "bg-white"}`}>
          {prefix ? <span className="mr-1 text-sm text-neutral-400">{prefix}</span> : null}
          <input
            aria-label={`${label} · ${t("tierN", { n: i + 1 })}`}
            value={tiers[i]?.[field] ?? ""}
            disabled={disabled}
            inputMode={field === "reward" ? "decimal" : "numeric"}
            aria-invalid={error ? true : undefined}
            data-testid={`tier-${i}-${field}`}
            onChange={(e) => setRow(i, { [field]: e.target.value })}
            className="tabular h-full w-full min-w-0 bg-transparent text-right text-sm outline-none disabled:text-neutral-500"
          />
        </span>
        {error ? (
          <span role="alert" className="text-xs text-brand">
            {error}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <div>
      <div className="grid grid-cols-[2.5rem_9rem_8rem_8rem_1fr_4rem] items-start gap-x-3 gap-y-2 text-sm" data-testid="tier-table">
        <span className="text-xs text-neutral-400">#</span>
        <span className="text-xs font-medium text-neutral-500">{t("minPoints")}</span>
        <span className="text-xs font-medium text-neutral-500">{t("reward")}</span>
        <span className="text-xs font-medium text-neutral-500">{t("pointsCost")}</span>
        <span className="text-xs font-medium text-neutral-500">{t("shopperSees")}</span>
        <span />
        {tiers.map((row, i) => (
          <div key={row.rowId} className="contents" data-testid="tier-row">
            <span className="tabular pt-2 text-xs text-neutral-400">{i + 1}</span>
            {cell(i, "minPoints", `tiers.${i}.minPoints`, t("minPoints"))}
            {cell(i, "reward", `tiers.${i}.rewardFen`, t("reward"), "¥")}
            {cell(i, "pointsCost", `tiers.${i}.pointsCost`, t("pointsCost"))}
            <p className="pt-2 text-[13px] leading-5 text-neutral-700" data-testid={`tier-${i}-preview`}>
              {preview(i)}
            </p>
            <span className="pt-0.5 text-right">
              {!disabled && tiers.length > 1 ? (
                <Button size="sm" variant="ghost" onClick={() => onChange(tiers.filter((_, j) => j !== i))} aria-label={t("removeTierN", { n: i + 1 })}>
                  {t("removeTier")}
                </Button>
              ) : null}
            </span>
          </div>
        ))}
      </div>
      {!disabled ? (
        <div className="mt-3 flex items-center gap-3">
          <Button size="sm" variant="neutral" disabled={tiers.length >= MAX_TIERS} onClick={() => onChange([...tiers, newTierRow()])}>
            + {t("addTier")}
          </Button>
          <span className="text-xs text-neutral-400">{t("tiersHint", { max: MAX_TIERS })}</span>
        </div>
      ) : null}
    </div>
  );
}

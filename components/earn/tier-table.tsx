"use client";

import { useTranslations } from "next-intl";
import { formatFen } from "../money/format-fen";
import { Card, CardTitle } from "../ui/card";
import { sameTier } from "./tier-range";
import type { EarnTier } from "./types";
import { useTierRangeLabel } from "./use-tier-range-label";

/** Every tier of 区间递减, before anyone starts (no hidden rules), with the shopper's own marked. */
export function TierTable({ tiers, myTier, pointsName }: { tiers: readonly EarnTier[]; myTier: EarnTier | null; pointsName: string }) {
  const t = useTranslations("earn.tiers");
  const rangeText = useTierRangeLabel(tiers);
  return (
    <Card data-testid="tier-table">
      <CardTitle>{t("title")}</CardTitle>
      <p className="-mt-1 px-4 pb-2 text-xs text-neutral-500">{t("subtitle", { name: pointsName })}</p>
      <div className="px-2 pb-3">
        <div className="grid grid-cols-[1fr_auto_auto] gap-x-4 px-2 pb-1.5 text-xs text-neutral-500" aria-hidden="true">
          <span>{t("colRange", { name: pointsName })}</span>
          <span className="text-right">{t("colReward")}</span>
          <span className="min-w-16 text-right">{t("colCost")}</span>
        </div>
        <ul>
          {tiers.map((tier, i) => {
            const mine = sameTier(myTier, tier);
            const range = rangeText(i);
            return (
              <li
                key={tier.minPoints}
                aria-label={t("rowLabel", { range, reward: formatFen(tier.rewardFen), cost: tier.pointsCost })}
                aria-current={mine ? "true" : undefined}
                data-testid="tier-row"
                data-mine={mine ? "true" : "false"}
                className={`grid min-h-11 grid-cols-[1fr_auto_auto] items-center gap-x-4 rounded-xl px-2 py-1.5 text-[15px] ${mine ? "bg-brand/8 ring-1 ring-brand/40" : ""}`}
              >
                <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
                  <span className="tabular">{range}</span>
                  {mine ? <span className="rounded-full bg-brand px-2 py-0.5 text-[11px] leading-none font-medium whitespace-nowrap text-white">{t("mine")}</span> : null}
                </span>
                <span className={`tabular text-right font-semibold ${mine ? "text-brand" : "text-neutral-900"}`}>{formatFen(tier.rewardFen)}</span>
                <span className="tabular min-w-16 text-right text-neutral-600">{t("cost", { cost: tier.pointsCost })}</span>
              </li>
            );
          })}
        </ul>
      </div>
    </Card>
  );
}

"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { formatFen, formatPoints } from "../money/format-fen";
import { sameTier } from "./tier-range";
import type { EarnPageData } from "./types";
import { useTierRangeLabel } from "./use-tier-range-label";

/** Mall points (what a set spends), today's sets left and the shopper's tier, over the start action. */
export function EarnHero({ page, pointsName, cashName, children }: { page: EarnPageData; pointsName: string; cashName: string; children: ReactNode }) {
  const t = useTranslations("earn.summary");
  const tiers = page.rules.tiers;
  const min = tiers[0]?.minPoints ?? 1;
  const rangeLabel = useTierRangeLabel(tiers);
  const myIndex = tiers.findIndex((tier) => sameTier(page.myTier, tier));
  return (
    <section className="rounded-3xl bg-gradient-to-br from-brand to-[#f0603a] p-4 text-white shadow-sm" data-testid="earn-summary">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm text-white/85">{t("points", { name: pointsName })}</p>
          <p className="tabular mt-0.5 text-4xl leading-tight font-bold" data-testid="earn-points">
            {formatPoints(page.mallPoints)}
          </p>
        </div>
        <p className="tabular mt-1 shrink-0 rounded-full bg-white/15 px-3 py-1 text-xs">{t("cash", { name: cashName, amount: formatFen(page.cashFen) })}</p>
      </div>
      <div className="mt-3 flex flex-wrap gap-2 text-xs">
        <span className="tabular rounded-full bg-white/20 px-2.5 py-1 font-medium" data-testid="earn-sets-left">
          {t("setsLeft", { count: page.setsLeftToday })}
        </span>
        <span className="tabular rounded-full bg-white/20 px-2.5 py-1" data-testid="earn-my-tier">
          {myIndex >= 0 ? t("myTier", { range: rangeLabel(myIndex) }) : t("noTier", { min: formatPoints(min) })}
        </span>
      </div>
      <div className="mt-4">{children}</div>
    </section>
  );
}

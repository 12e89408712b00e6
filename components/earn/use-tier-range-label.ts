"use client";

import { useTranslations } from "next-intl";
import { formatPoints } from "../money/format-fen";
import { tierRange } from "./tier-range";
import type { EarnTier } from "./types";

/** "200 – 999" or "≥ 1,000": the balance range of the tier at `index`. */
export function useTierRangeLabel(tiers: readonly EarnTier[]): (index: number) => string {
  const t = useTranslations("earn.tiers");
  return (index) => {
    const { min, max } = tierRange(tiers, index);
    return max === null ? t("rangeOpen", { min: formatPoints(min) }) : t("range", { min: formatPoints(min), max: formatPoints(max) });
  };
}

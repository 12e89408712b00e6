"use client";

import { useFormatter, useLocale } from "next-intl";
import { formatCompactYuan } from "../money/format-compact-yuan";

/** Money on every chart axis: compact in the reader's locale (¥3.5M / ¥350万); exact amounts are in the numbers beside each chart. */
export function useAxisYuan(): (fen: number) => string {
  const locale = useLocale();
  return (fen: number) => formatCompactYuan(fen, locale);
}

/** Counts on a chart axis, compact as well. */
export function useAxisCount(): (n: number) => string {
  const format = useFormatter();
  return (n: number) => format.number(n, { notation: "compact", maximumFractionDigits: 1 });
}

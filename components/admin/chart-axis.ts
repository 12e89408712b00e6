"use client";

import { useFormatter } from "next-intl";

/** Chart axis labels in the reader's compact notation (¥1.2万 / ¥12K); exact amounts are in the numbers beside each chart. */
export function useAxisYuan(): (fen: number) => string {
  const format = useFormatter();
  return (fen: number) => `¥${format.number(fen / 100, { notation: "compact", maximumFractionDigits: 1 })}`;
}

/** Counts on a chart axis, compact as well. */
export function useAxisCount(): (n: number) => string {
  const format = useFormatter();
  return (n: number) => format.number(n, { notation: "compact", maximumFractionDigits: 1 });
}

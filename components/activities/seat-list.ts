"use client";

import { useLocale } from "next-intl";

/** Seat numbers as a list in the reader's language: 2、5 in Chinese, 2, 5 in English. */
export function useSeatList(): (seats: readonly number[]) => string {
  const locale = useLocale();
  return (seats) => seats.join(locale.startsWith("zh") ? "、" : ", ");
}

"use client";

import { useTranslations } from "next-intl";

const TONE = {
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  processing: "bg-sky-50 text-sky-700 ring-sky-200",
  paid: "bg-green-50 text-green-700 ring-green-200",
  rejected: "bg-neutral-100 text-neutral-600 ring-neutral-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
} as const;

export type WithdrawalStatusValue = keyof typeof TONE;

/** 审核中 / 打款中 / 已到账 / 已驳回 / 打款失败 as a small pill. */
export function WithdrawalStatus({ status }: { status: WithdrawalStatusValue }) {
  const t = useTranslations("withdrawalStatus");
  return <span className={`inline-flex h-6 shrink-0 items-center rounded-full px-2.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONE[status]}`}>{t(status)}</span>;
}

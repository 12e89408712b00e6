"use client";

import { useTranslations } from "next-intl";

const TONE = {
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  paid: "bg-green-50 text-green-700 ring-green-200",
  rejected: "bg-neutral-100 text-neutral-600 ring-neutral-200",
} as const;

/** 审核中 / 已到账 / 已驳回 as a small pill. */
export function WithdrawalStatus({ status }: { status: "pending" | "paid" | "rejected" }) {
  const t = useTranslations("withdrawalStatus");
  return <span className={`inline-flex h-6 items-center rounded-full px-2.5 text-xs font-medium ring-1 ring-inset ${TONE[status]}`}>{t(status)}</span>;
}

"use client";

import { useTranslations } from "next-intl";

const TONE = {
  active: "bg-green-50 text-green-700",
  paused: "bg-amber-50 text-amber-700",
  ended: "bg-neutral-100 text-neutral-500",
} as const;

export function ActivityStatusBadge({ status }: { status: keyof typeof TONE }) {
  const t = useTranslations("admin.activityStatus");
  return <span className={`inline-flex items-center rounded px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE[status]}`}>{t(status)}</span>;
}

"use client";

import { useTranslations } from "next-intl";
import { translateOr } from "../i18n/dynamic-key";

export function RoleBadge({ role }: { role: string }) {
  const t = useTranslations("admin.roles");
  const staff = role !== "shopper";
  return <span className={`inline-flex h-5 items-center rounded px-1.5 text-xs ${staff ? "bg-blue-50 text-blue-700" : "bg-neutral-100 text-neutral-600"}`}>{translateOr(t, role, role)}</span>;
}

"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import type { Locale } from "@/server/i18n/locales";
import { setLocale } from "./set-locale";

const OPTIONS: { value: Locale; label: string }[] = [
  { value: "zh-CN", label: "简体中文" },
  { value: "en", label: "English" },
];

/** Segmented zh-CN / en control; each language is named in itself so anyone can find theirs. */
export function LocaleSwitch({ compact = false }: { compact?: boolean }) {
  const t = useTranslations("common");
  const current = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div role="radiogroup" aria-label={t("language")} className={`inline-flex rounded-full bg-neutral-100 p-0.5 ${pending ? "opacity-60" : ""}`}>
      {OPTIONS.map((o) => {
        const active = o.value === current;
        return (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={active}
            lang={o.value}
            disabled={pending}
            onClick={() =>
              !active &&
              start(async () => {
                await setLocale(o.value);
                router.refresh();
              })
            }
            className={`rounded-full px-3 text-sm transition-colors ${compact ? "h-8" : "h-11 min-w-16"} ${active ? "bg-white font-medium text-neutral-900 shadow-sm" : "text-neutral-500"}`}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}

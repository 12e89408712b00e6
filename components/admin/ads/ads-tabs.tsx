"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const TABS = [
  { key: "campaigns", href: "/admin/ads" },
  { key: "advertisers", href: "/admin/ads/advertisers" },
  { key: "rules", href: "/admin/ads/rules" },
  { key: "networks", href: "/admin/ads/networks" },
  { key: "report", href: "/admin/ads/report" },
] as const;

/** The ads area's sections as tabs; each is its own route, so a tab can be linked to and reloaded. */
export function AdsTabs() {
  const t = useTranslations("admin.ads.tabs");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="mb-4 flex gap-1 border-b border-neutral-200">
      {TABS.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.key}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px flex h-10 items-center border-b-2 px-4 text-sm ${active ? "border-brand font-medium text-brand" : "border-transparent text-neutral-600 hover:text-neutral-900"}`}
          >
            {t(tab.key)}
          </Link>
        );
      })}
    </nav>
  );
}

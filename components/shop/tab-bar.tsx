"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { CoinIcon, HomeIcon, StoreIcon, UserIcon } from "../ui/icons";

const TABS = [
  { href: "/", key: "home", Icon: HomeIcon },
  { href: "/store", key: "store", Icon: StoreIcon },
  { href: "/earn", key: "earn", Icon: CoinIcon },
  { href: "/me", key: "me", Icon: UserIcon },
] as const;

/** Shown on the four tab roots only; inner pages have a back arrow instead, as in WeChat mini-programs. */
export function TabBar() {
  const t = useTranslations("shell.tabs");
  const pathname = usePathname();
  if (!TABS.some((tab) => tab.href === pathname)) return null;
  return (
    <>
      <div aria-hidden="true" className="h-[calc(3.5rem+env(safe-area-inset-bottom))]" />
      <nav aria-label={t("label")} className="fixed inset-x-0 bottom-0 z-30 border-t border-neutral-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur">
        <ul className="mx-auto grid h-14 max-w-md grid-cols-4">
          {TABS.map(({ href, key, Icon }) => {
            const active = pathname === href;
            return (
              <li key={href}>
                <Link href={href} aria-current={active ? "page" : undefined} className={`flex h-full flex-col items-center justify-center gap-0.5 text-[11px] ${active ? "text-brand" : "text-neutral-500"}`}>
                  <Icon size={24} strokeWidth={active ? 2.2 : 1.8} />
                  <span className={active ? "font-medium" : ""}>{t(key)}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { UNREAD_INPUT } from "../me/query-inputs";
import { useTRPC } from "../trpc/react";
import { CoinIcon, HomeIcon, StoreIcon, UserIcon } from "../ui/icons";

const TABS = [
  { href: "/", key: "home", Icon: HomeIcon },
  { href: "/store", key: "store", Icon: StoreIcon },
  { href: "/earn", key: "earn", Icon: CoinIcon },
  { href: "/me", key: "me", Icon: UserIcon },
] as const;

/** Shown on the four tab roots only; inner pages have a back arrow instead, as in WeChat mini-programs. */
export function TabBar({ signedIn = false }: { signedIn?: boolean }) {
  const t = useTranslations("shell.tabs");
  const pathname = usePathname();
  const trpc = useTRPC();
  const onTab = TABS.some((tab) => tab.href === pathname);
  // Unread notifications (group filled, drawn, dissolved) as a badge on 我的.
  const notes = useQuery({ ...trpc.activities.notifications.queryOptions(UNREAD_INPUT), enabled: signedIn && onTab, refetchInterval: 60_000 });
  const unread = notes.data?.unread ?? 0;
  if (!onTab) return null;
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
                  <span className="relative">
                    <Icon size={24} strokeWidth={active ? 2.2 : 1.8} />
                    {key === "me" && unread > 0 ? (
                      <span className="tabular absolute -top-1 -right-2.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-brand px-1 text-[10px] leading-none font-medium text-white ring-2 ring-white" data-testid="tab-unread" aria-label={t("unread", { count: unread })}>
                        {unread > 99 ? "99+" : unread}
                      </span>
                    ) : null}
                  </span>
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

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ComponentType, SVGProps } from "react";
import { roleAllows, type Permission } from "@/server/api/permissions";
import { BankIcon, BoxIcon, ChartIcon, DashboardIcon, GiftIcon, ListIcon, PlayIcon, ReceiptIcon, SettingsIcon, StoreIcon, UsersIcon, CoinIcon } from "../ui/icons";
import { Logo } from "../ui/logo";
import type messages from "@/messages/zh-CN.json";

type Icon = ComponentType<SVGProps<SVGSVGElement> & { size?: number }>;
type NavMessages = (typeof messages)["admin"]["nav"];
type AreaKey = Exclude<keyof NavMessages, "sections">;
interface Item {
  key: AreaKey;
  href: string;
  permission?: Permission;
  Icon: Icon;
}

// Areas in the order operators work through them.
const GROUPS: { key: keyof NavMessages["sections"]; items: Item[] }[] = [
  { key: "overview", items: [{ key: "dashboard", href: "/admin", permission: "dashboard.read", Icon: DashboardIcon }] },
  {
    key: "business",
    items: [
      { key: "activities", href: "/admin/activities", permission: "activities.read", Icon: GiftIcon },
      { key: "groups", href: "/admin/groups", permission: "activities.read", Icon: ListIcon },
      { key: "orders", href: "/admin/orders", permission: "orders.read", Icon: ReceiptIcon },
      { key: "products", href: "/admin/products", permission: "store.read", Icon: StoreIcon },
      { key: "mall", href: "/admin/mall", permission: "store.read", Icon: CoinIcon },
      { key: "ads", href: "/admin/ads", permission: "ads.read", Icon: PlayIcon },
    ],
  },
  {
    key: "money",
    items: [
      { key: "users", href: "/admin/users", permission: "users.read", Icon: UsersIcon },
      { key: "withdrawals", href: "/admin/withdrawals", permission: "withdrawals.read", Icon: BankIcon },
      { key: "payments", href: "/admin/payments", permission: "payments.read", Icon: CoinIcon },
      { key: "settlement", href: "/admin/settlement", permission: "settlement.read", Icon: ChartIcon },
      { key: "pool", href: "/admin/pool", permission: "settlement.read", Icon: BoxIcon },
    ],
  },
  {
    key: "system",
    items: [
      { key: "settings", href: "/admin/settings", permission: "settings.read", Icon: SettingsIcon },
      { key: "audit", href: "/admin/audit", permission: "audit.read", Icon: ListIcon },
    ],
  },
];

export function Sidebar({ role }: { role: string }) {
  const t = useTranslations("admin.nav");
  const shell = useTranslations("admin");
  const pathname = usePathname();
  return (
    <aside className="sticky top-0 flex h-dvh w-60 shrink-0 flex-col bg-[#001529] text-white/75">
      <div className="flex h-14 items-center px-5">
        <Logo size={28} name={shell("consoleName")} light />
      </div>
      <nav aria-label={shell("navLabel")} className="flex-1 overflow-y-auto px-3 pb-6">
        {GROUPS.map((group) => {
          const items = group.items.filter((i) => !i.permission || roleAllows(role, i.permission));
          if (items.length === 0) return null;
          return (
            <div key={group.key} className="mt-4">
              <p className="px-3 pb-1 text-[11px] tracking-wide text-white/40 uppercase">{t(`sections.${group.key}`)}</p>
              <ul>
                {items.map(({ key, href, Icon }) => {
                  const active = href === "/admin" ? pathname === "/admin" : pathname.startsWith(href);
                  return (
                    <li key={key}>
                      <Link href={href} aria-current={active ? "page" : undefined} className={`flex h-10 items-center gap-3 rounded-md px-3 text-sm transition-colors ${active ? "bg-brand text-white" : "hover:bg-white/10 hover:text-white"}`}>
                        <Icon size={18} />
                        {t(key)}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </nav>
    </aside>
  );
}

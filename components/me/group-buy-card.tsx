import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, CardTitle } from "../ui/card";
import { ChevronRightIcon, ListIcon, ShieldIcon, UsersIcon } from "../ui/icons";
import { BellIcon } from "../activities/icons";

interface DrawStatus {
  promoterValidUntil: Date | null;
  promoterValid: boolean;
  privileges: { activityId: string; activityName: string; noWinEntriesLeft: number }[];
}

/** 我的 → 拼团: promoter validity, no-win privileges per activity, my entries and notifications. */
export async function GroupBuyCard({ status, unread }: { status: DrawStatus; unread: number }) {
  const t = await getTranslations("meGroup");
  const format = await getFormatter();
  const until = status.promoterValidUntil;
  const day = until ? format.dateTime(until, { month: "long", day: "numeric", timeZone: "Asia/Shanghai" }) : null;
  return (
    <Card>
      <CardTitle>{t("title")}</CardTitle>
      <ul className="divide-y divide-neutral-100">
        <li className="flex min-h-14 items-center gap-3 px-4 py-3" data-testid="promoter-validity">
          <ShieldIcon size={22} className={status.promoterValid ? "text-brand" : "text-neutral-400"} />
          <div className="min-w-0 flex-1">
            <p className="text-[15px]">{t("promoter")}</p>
            <p className="text-xs text-neutral-500">{t("promoterHint")}</p>
          </div>
          <span className={`shrink-0 text-right text-sm ${status.promoterValid ? "font-medium text-brand" : "text-neutral-400"}`}>
            {status.promoterValid && day ? t("validUntil", { date: day }) : day ? t("expired", { date: day }) : t("inactive")}
          </span>
        </li>
        <li className="px-4 py-3" data-testid="no-win-privileges">
          <div className="flex items-center gap-3">
            <UsersIcon size={22} className="text-neutral-500" />
            <p className="min-w-0 flex-1 text-[15px]">{t("privileges")}</p>
            {status.privileges.length === 0 ? <span className="text-sm text-neutral-400">{t("noPrivileges")}</span> : null}
          </div>
          {status.privileges.length > 0 ? (
            <ul className="mt-2 space-y-1 pl-[34px]">
              {status.privileges.map((p) => (
                <li key={p.activityId}>
                  <Link href={`/activities/${p.activityId}`} className="flex min-h-9 items-center gap-2 text-sm">
                    <span className="min-w-0 flex-1 truncate text-neutral-600">{p.activityName}</span>
                    <span className="tabular shrink-0 font-medium text-neutral-900">{t("entriesLeft", { count: p.noWinEntriesLeft })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="mt-1 pl-[34px] text-[11px] leading-snug text-neutral-400">{t("privilegesHint")}</p>
        </li>
        <li>
          <Link href="/me/entries" className="flex min-h-14 items-center gap-3 px-4 py-3">
            <ListIcon size={22} className="text-neutral-500" />
            <span className="flex-1 text-[15px]">{t("entries")}</span>
            <ChevronRightIcon size={18} className="text-neutral-400" />
          </Link>
        </li>
        <li>
          <Link href="/notifications" className="flex min-h-14 items-center gap-3 px-4 py-3">
            <BellIcon size={22} className="text-neutral-500" />
            <span className="flex-1 text-[15px]">{t("notifications")}</span>
            {unread > 0 ? (
              <span className="tabular flex h-5 min-w-5 items-center justify-center rounded-full bg-brand px-1.5 text-[11px] font-medium text-white" data-testid="unread-count">
                {unread > 99 ? "99+" : unread}
              </span>
            ) : null}
            <ChevronRightIcon size={18} className="text-neutral-400" />
          </Link>
        </li>
      </ul>
    </Card>
  );
}

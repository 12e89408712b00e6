"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { NotificationsPage } from "../activities/types";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { AlertIcon, CheckCircleIcon, GiftIcon, UsersIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { BellIcon } from "../activities/icons";
import { NOTIFICATIONS_INPUT, PAGED, UNREAD_INPUT } from "./query-inputs";
import { untyped } from "../i18n/dynamic-key";
import { moneyNoticeHref, moneyNoticeText, type MoneyNoticePayload } from "./money-notice-text";

type Note = NotificationsPage["items"][number];

/** 消息通知: groups (filled, drawn, dissolved), orders shipped, withdrawals decided and paid, commission. Opening marks all read. */
export function NotificationsList() {
  const t = useTranslations("notifications");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(trpc.activities.notifications.infiniteQueryOptions(NOTIFICATIONS_INPUT, PAGED));
  const markRead = useMutation(trpc.activities.markNotificationsRead.mutationOptions());
  const marked = useRef(false);

  // Mark everything read once the list has been shown; the dots stay on this view until it is left.
  useEffect(() => {
    if (marked.current || !list.data) return;
    marked.current = true;
    if (list.data.pages[0]?.unread) {
      markRead.mutate(undefined, {
        // The tab bar's badge; this list keeps its dots until the next visit.
        onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.activities.notifications.queryKey(UNREAD_INPUT) }),
      });
    }
  }, [list.data, markRead, queryClient, trpc.activities.notifications]);

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isPending) {
    return (
      <div className="flex justify-center py-16 text-neutral-400">
        <Spinner label={t("loading")} />
      </div>
    );
  }
  if (list.isError) return <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => list.refetch()}>{t("retry")}</Button>} />;
  if (items.length === 0) {
    return (
      <Card>
        <EmptyState icon={<BellIcon size={26} />} title={t("empty")} description={t("emptyBody")} />
      </Card>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <Card>
        <ul className="divide-y divide-neutral-100">
          {items.map((n) => (
            <li key={n.id}>
              <NoteRow note={n} />
            </li>
          ))}
        </ul>
      </Card>
      <div className="flex justify-center">
        {list.hasNextPage ? (
          <Button variant="ghost" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage} className="w-full text-sm text-neutral-600">
            {t("loadMore")}
          </Button>
        ) : (
          <p className="py-3 text-xs text-neutral-400">{t("noMore")}</p>
        )}
      </div>
    </div>
  );
}

function NoteRow({ note: n }: { note: Note }) {
  const t = useTranslations("notifications");
  const format = useFormatter();
  const te = useTranslations("errors");
  const pa = useTranslations("payoutAccounts");
  const bank = useTranslations("payoutBanks");
  const tf = useTranslations("payoutFailures");
  const p = n.payload as { groupId?: string; seat?: number; won?: boolean; reason?: string; refundFen?: number; amountFen?: number; reasonParams?: Record<string, string | number>; activityName?: string; itemName?: string };
  const where = n.group ? t("where", { activity: n.group.activityName, number: n.group.number }) : (p.activityName ?? "");
  let icon = <BellIcon size={20} />;
  let tone = "bg-neutral-100 text-neutral-500";
  let title: string;
  let body: string;
  switch (n.kind) {
    case "group.filled":
      icon = <UsersIcon size={20} />;
      tone = "bg-brand/10 text-brand";
      title = t("filledTitle");
      body = t("filledBody", { where });
      break;
    case "group.drawn":
      if (p.won) {
        icon = <GiftIcon size={20} />;
        tone = "bg-amber-100 text-amber-600";
        title = t("wonTitle");
        body = t("wonBody", { where, seat: p.seat ?? 0 });
      } else {
        icon = <CheckCircleIcon size={20} />;
        tone = "bg-green-50 text-green-600";
        title = t("lostTitle");
        body = t("lostBody", { where, seat: p.seat ?? 0 });
      }
      break;
    case "group.dissolved":
      icon = <AlertIcon size={20} />;
      title = t("dissolvedTitle");
      body = t(p.reason === "conflict" ? "dissolvedConflict" : "dissolvedTimeout", { where, amount: formatFen(p.refundFen ?? 0) });
      break;
    case "prize.address_needed":
      icon = <GiftIcon size={20} />;
      tone = "bg-brand/10 text-brand";
      title = t("prizeAddressTitle");
      body = t("prizeAddressBody", { where, item: p.itemName ?? "" });
      break;
    case "join.kept_as_cash":
      icon = <AlertIcon size={20} />;
      title = t("keptTitle");
      body = t("keptBody", { amount: formatFen(p.amountFen ?? 0), reason: p.reason ? te(p.reason as never, (p.reasonParams ?? {}) as never) : "" });
      break;
    default: {
      const money = moneyNoticeText(n.kind, n.payload as MoneyNoticePayload, untyped(t), untyped(pa), untyped(bank), untyped(tf));
      if (money) {
        icon = money.tone === "bad" ? <AlertIcon size={20} /> : <CheckCircleIcon size={20} />;
        tone = money.tone === "good" ? "bg-green-50 text-green-600" : money.tone === "bad" ? "bg-red-50 text-red-600" : "bg-sky-50 text-sky-600";
      }
      title = money?.title ?? n.kind;
      body = money?.body ?? where;
    }
  }
  const content = (
    <div className="flex gap-3 px-4 py-3" data-testid="notification" data-kind={n.kind}>
      <span className={`flex size-10 shrink-0 items-center justify-center rounded-full ${tone}`}>{icon}</span>
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <p className="min-w-0 flex-1 truncate text-[15px] font-medium text-neutral-900">{title}</p>
          {!n.readAt ? <span className="size-2 shrink-0 rounded-full bg-brand" aria-label={t("unread")} /> : null}
        </div>
        <p className="mt-0.5 text-[13px] leading-relaxed text-neutral-600">{body}</p>
        <p className="tabular mt-1 text-[11px] text-neutral-400">{format.dateTime(n.createdAt, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}</p>
      </div>
    </div>
  );
  // A prize's notices (the win, the address it waits for) open its order, where the address is asked for.
  const href = n.orderId ? `/orders/${n.orderId}` : p.groupId ? `/groups/${p.groupId}` : moneyNoticeHref(n.kind, n.payload as MoneyNoticePayload);
  return href ? (
    <Link href={href} className="block active:bg-neutral-50">
      {content}
    </Link>
  ) : (
    content
  );
}

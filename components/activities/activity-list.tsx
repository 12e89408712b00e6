"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { UsersIcon } from "../ui/icons";
import { Countdown } from "./countdown";
import { ClockIcon } from "./icons";
import { ItemImage, SeatAvatars } from "./item-image";
import type { ActivityCardData } from "./types";

/** 首页: the running activities, each with its open group's seats, who sat down and the time left. */
export function ActivityList() {
  const t = useTranslations("activities");
  const trpc = useTRPC();
  // Seats change while the page is open: refresh every 15 s (rooms are live; the list is glanceable).
  const list = useQuery({ ...trpc.activities.list.queryOptions(), refetchInterval: 15_000 });

  if (list.isPending) {
    return (
      <div className="flex flex-col gap-3 px-4 pt-3 pb-6" aria-busy="true" aria-label={t("loading")}>
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex gap-3 rounded-2xl bg-white p-3">
            <div className="size-28 shrink-0 animate-pulse rounded-xl bg-neutral-100" />
            <div className="flex flex-1 flex-col gap-2 py-1">
              <div className="h-4 w-4/5 animate-pulse rounded bg-neutral-100" />
              <div className="h-3 w-1/2 animate-pulse rounded bg-neutral-100" />
              <div className="h-3 w-2/5 animate-pulse rounded bg-neutral-100" />
              <div className="mt-auto h-8 w-full animate-pulse rounded-full bg-neutral-100" />
            </div>
          </div>
        ))}
      </div>
    );
  }
  if (list.isError) {
    return <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => list.refetch()}>{t("retry")}</Button>} />;
  }
  const { items, serverTime } = list.data;
  if (items.length === 0) {
    return (
      <div className="px-4 pt-3">
        <div className="rounded-2xl bg-white">
          <EmptyState icon={<UsersIcon size={26} />} title={t("emptyTitle")} description={t("emptyBody")} />
        </div>
      </div>
    );
  }
  return (
    <ul className="flex flex-col gap-3 px-4 pt-3 pb-6">
      {items.map((a) => (
        <li key={a.id}>
          <ActivityCard activity={a} serverTime={serverTime} />
        </li>
      ))}
    </ul>
  );
}

function ActivityCard({ activity: a, serverTime }: { activity: ActivityCardData; serverTime: Date }) {
  const t = useTranslations("activities");
  const left = a.groupSize - a.seatsTaken;
  const href = `/activities/${a.id}`;
  return (
    <article className="relative flex gap-3 rounded-2xl bg-white p-3 shadow-[0_1px_2px_rgba(0,0,0,0.04)]" data-testid="activity-card" aria-labelledby={`activity-${a.id}`}>
      <div className="relative size-28 shrink-0 overflow-hidden rounded-xl">
        <ItemImage src={a.imageUrl} alt={a.name} className="size-full" />
        <span className="absolute top-1.5 left-1.5 rounded-full bg-black/55 px-1.5 py-0.5 text-[10px] font-medium text-white backdrop-blur-sm">{t("badge", { n: a.groupSize })}</span>
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <h2 id={`activity-${a.id}`} className="line-clamp-2 text-[15px] leading-snug font-semibold text-neutral-900">
          <Link href={href} className="after:absolute after:inset-0 after:rounded-2xl">
            {a.name}
          </Link>
        </h2>
        <p className="mt-1 text-xs text-neutral-500">{t("meta", { n: a.groupSize, k: a.winners })}</p>
        <div className="mt-1.5 flex min-h-6 items-center gap-2">
          {a.seated.length > 0 ? <SeatAvatars people={a.seated} max={4} size={22} /> : null}
          <span className="text-xs font-medium text-brand" data-testid="seats-left">
            {a.groupId ? (a.seatsTaken === 0 ? t("beFirst") : t("seatsLeft", { count: left })) : t("opening")}
          </span>
        </div>
        {a.expiresAt ? (
          <p className="mt-1 flex items-center gap-1 text-[11px] text-neutral-500">
            <ClockIcon size={12} />
            <Countdown expiresAt={a.expiresAt} serverTime={serverTime} />
            <span>{t("endsSuffix")}</span>
          </p>
        ) : null}
        <div className="mt-auto flex items-end justify-between gap-2 pt-2">
          <span className="tabular text-lg leading-none font-semibold text-brand">
            <span className="text-xs">¥</span>
            {formatFen(a.priceFen).slice(1)}
          </span>
          <Link href={href} className="relative z-10 inline-flex h-11 shrink-0 items-center rounded-full bg-brand px-4 text-[13px] font-medium text-white active:bg-brand-dark">
            {t("join")}
          </Link>
        </div>
      </div>
    </article>
  );
}

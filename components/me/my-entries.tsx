"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { ItemImage } from "../activities/item-image";
import { useAssetLabel } from "../activities/use-asset-label";
import type { MyEntriesPage } from "../activities/types";
import { formatAssetAmount, formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ChevronRightIcon, UsersIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { ENTRIES_INPUT, PAGED } from "./query-inputs";

type Entry = MyEntriesPage["items"][number];

const ASSET_ORDER = ["cash", "credit", "divPoints", "mallPoints", "voucher"];

/** 我的参团: every entry, newest first, with its group's state, my outcome and what it netted me per asset. */
export function MyEntries() {
  const t = useTranslations("entries");
  const trpc = useTRPC();
  const list = useInfiniteQuery(trpc.activities.myEntries.infiniteQueryOptions(ENTRIES_INPUT, PAGED));
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
        <EmptyState icon={<UsersIcon size={26} />} title={t("empty")} description={t("emptyBody")} action={<ButtonLink href="/">{t("browse")}</ButtonLink>} />
      </Card>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col gap-3">
        {items.map((e) => (
          <li key={e.id}>
            <EntryCard entry={e} />
          </li>
        ))}
      </ul>
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

function EntryCard({ entry: e }: { entry: Entry }) {
  const t = useTranslations("entries");
  const format = useFormatter();
  const asset = useAssetLabel(true);
  const state = entryState(e);
  const nets = Object.entries(e.rewards)
    .filter(([, v]) => v !== 0)
    .sort(([a], [b]) => ASSET_ORDER.indexOf(a) - ASSET_ORDER.indexOf(b));
  return (
    <Card>
      <Link href={`/groups/${e.groupId}`} className="flex gap-3 px-4 py-3" data-testid="entry" data-state={state}>
        <ItemImage src={e.itemImageUrl} alt={e.itemName} kind={e.itemKind} className="size-14 shrink-0 rounded-lg" />
        <div className="min-w-0 flex-1">
          <div className="flex items-start gap-2">
            <h2 className="min-w-0 flex-1 truncate text-[15px] font-medium text-neutral-900">{e.activityName}</h2>
            <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${STATE_TONE[state]}`}>
              {state === "open" ? t("state.open", { taken: e.seatsTaken, n: e.groupSize }) : t(`state.${state}`)}
            </span>
          </div>
          <p className="tabular mt-1 text-xs text-neutral-500">
            {t("line", { number: e.groupNumber, seat: e.seat, price: formatFen(e.priceFen) })} · {format.dateTime(e.createdAt, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}
          </p>
          {nets.length > 0 ? (
            <div className="mt-2 flex items-end gap-2">
              <div className="flex min-w-0 flex-1 flex-wrap gap-1.5">
                <span className="text-[11px] leading-6 text-neutral-400">{t("net")}</span>
                {nets.map(([code, amount]) => (
                  <span key={code} className="tabular inline-flex h-6 items-center gap-1 rounded-md bg-neutral-50 px-2 text-xs">
                    <span className="text-neutral-500">{asset(code)}</span>
                    <span className={amount > 0 ? "font-medium text-green-600" : "font-medium text-neutral-600"}>{formatAssetAmount(code, amount, { sign: "always" })}</span>
                  </span>
                ))}
              </div>
              <ChevronRightIcon size={16} className="mb-1 shrink-0 text-neutral-300" />
            </div>
          ) : null}
        </div>
      </Link>
    </Card>
  );
}

type EntryState = "open" | "drawing" | "won" | "lost" | "refunded";

const STATE_TONE: Record<EntryState, string> = {
  open: "bg-brand/10 text-brand",
  drawing: "bg-amber-50 text-amber-700",
  won: "bg-amber-400 text-white",
  lost: "bg-neutral-100 text-neutral-600",
  refunded: "bg-neutral-100 text-neutral-500",
};

function entryState(e: Entry): EntryState {
  if (e.outcome === "won" || e.outcome === "lost" || e.outcome === "refunded") return e.outcome;
  if (e.groupStatus === "dissolved") return "refunded";
  return e.groupStatus === "open" ? "open" : "drawing";
}

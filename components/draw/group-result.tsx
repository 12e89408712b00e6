"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback } from "react";
import { ItemImage } from "../activities/item-image";
import { SeatMap } from "../activities/seat-map";
import { Commitment } from "../activities/commitment";
import { useActivityEvents } from "../activities/use-activity-events";
import { useGroupResult } from "../activities/use-group-result";
import { useSeatList } from "../activities/seat-list";
import { useAssetLabel } from "../activities/use-asset-label";
import type { GroupResultData } from "../activities/types";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { AlertIcon, ChevronRightIcon, GiftIcon, ShieldIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { PrizeOrderLink } from "./prize-order-link";
import { foldRewardLines, formatRewardAmount } from "./reward-lines";
import { useRewardLabel } from "./use-reward-label";

/** 开奖结果: winners on the seat map, my outcome and every reward line, and the way to verify it. */
export function GroupResult({ groupId, signedIn }: { groupId: string; signedIn: boolean }) {
  const t = useTranslations("result");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.activities.group.queryOptions({ groupId });
  // Re-read on a timer while the draw or the prize order is pending (use-group-result.ts).
  const result = useGroupResult(groupId);
  const seatList = useSeatList();
  const status = result.data?.group.status;
  // Still open or being drawn: follow the activity's events until the result is in.
  const refetch = useCallback(() => void queryClient.invalidateQueries({ queryKey: options.queryKey }), [queryClient, options.queryKey]);
  useActivityEvents(status === "open" || status === "full" ? (result.data?.group.activityId ?? null) : null, (e) => e.groupId === groupId && refetch(), refetch);

  if (result.isPending) {
    return (
      <div className="flex justify-center py-20 text-neutral-400">
        <Spinner label={t("loading")} />
      </div>
    );
  }
  if (result.isError) return <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => result.refetch()}>{t("retry")}</Button>} />;
  const { group, seats } = result.data;
  const winners = new Set(group.winnerSeats);
  const mine = seats.filter((s) => s.mine);

  return (
    <div className="flex flex-col gap-3 p-4 pb-8">
      <Outcome data={result.data} />

      <Card className="p-4" data-testid="result-seats">
        <Link href={`/activities/${group.activityId}`} className="mb-4 flex min-h-11 items-center gap-3" data-testid="result-activity">
          {/* My item as I chose it (a voucher shows its ticket); anyone else sees the activity's picture. */}
          <ItemImage src={mine[0]?.item ? mine[0].item.imageUrl : group.imageUrl} alt={mine[0]?.item?.name ?? group.activityName} kind={mine[0]?.item?.kind} className="size-12 shrink-0 rounded-lg" />
          <span className="min-w-0 flex-1">
            <span className="block truncate text-[15px] font-semibold">{group.activityName}</span>
            {mine[0]?.item ? <span className="block truncate text-xs text-neutral-500">{t("myItem", { name: mine[0].item.name })}</span> : null}
          </span>
          <ChevronRightIcon size={16} className="shrink-0 text-neutral-300" />
        </Link>
        <SeatMap size={group.groupSize} seats={seats.map((s) => ({ seat: s.seat, name: s.name, avatar: s.avatar, mine: s.mine, won: winners.has(s.seat), eligible: s.eligible }))} result={group.status === "drawn"} />
        {group.status === "drawn" ? (
          <p className="mt-4 text-center text-xs text-neutral-500" data-testid="winner-seats">
            {t("winnerSeats", { seats: seatList(group.winnerSeats) })}
          </p>
        ) : null}
      </Card>

      {signedIn && mine.length > 0 ? <MyRewards data={result.data} /> : null}

      <Card className="p-4">
        <div className="flex items-start gap-3">
          <ShieldIcon size={22} className="mt-0.5 shrink-0 text-green-600" />
          <div className="min-w-0 flex-1">
            <h2 className="text-[15px] font-semibold">{t("fairTitle")}</h2>
            <p className="mt-0.5 text-xs leading-relaxed text-neutral-500">{group.seed ? t("fairBody") : t("fairPending")}</p>
          </div>
        </div>
        <div className="mt-3 rounded-lg bg-neutral-50 px-3 py-1">
          <Commitment hash={group.commitment} />
        </div>
        {group.seed ? (
          <ButtonLink href={`/groups/${group.id}/verify`} variant="outline" size="lg" className="mt-3" data-testid="verify-link">
            {t("verify")}
          </ButtonLink>
        ) : null}
      </Card>
    </div>
  );
}

function Outcome({ data }: { data: GroupResultData }) {
  const t = useTranslations("result");
  const seatList = useSeatList();
  const format = useFormatter();
  const { group, seats } = data;
  const mine = seats.filter((s) => s.mine);
  const iWon = mine.some((s) => s.outcome === "won");
  let title: string;
  let body: string;
  let tone = "from-brand to-[#f25a3f] text-white";
  if (group.status === "open" || group.status === "full") {
    title = group.status === "open" ? t("openTitle") : t("drawingTitle");
    body = group.status === "open" ? t("openBody", { left: group.groupSize - seats.length }) : t("drawingBody");
    tone = "from-neutral-700 to-neutral-600 text-white";
  } else if (group.status === "dissolved") {
    title = t("dissolvedTitle");
    body = group.closeReason === "conflict" ? t("dissolvedConflict", { k: group.winners }) : t("dissolvedTimeout");
    tone = "from-neutral-600 to-neutral-500 text-white";
  } else if (mine.length === 0) {
    title = t("drawnTitle");
    body = t("drawnBody", { seats: seatList(group.winnerSeats) });
  } else if (iWon) {
    title = t("wonTitle");
    body = mine.length > 1 ? t("wonSeats", { seats: seatList(mine.filter((s) => s.outcome === "won").map((s) => s.seat)) }) : t("wonBody", { seat: mine[0]!.seat });
    tone = "from-amber-400 to-amber-500 text-white";
  } else {
    title = t("lostTitle");
    body = t("lostBody", { seat: mine[0]!.seat });
    tone = "from-neutral-800 to-neutral-700 text-white";
  }
  return (
    <section className={`rounded-2xl bg-gradient-to-br px-4 py-5 shadow-sm ${tone}`} data-testid="outcome" data-status={group.status}>
      <p className="text-xs opacity-85">{t("groupMeta", { number: group.number, n: group.groupSize, k: group.winners })}</p>
      <h2 className="mt-1 text-2xl font-semibold">{title}</h2>
      <p className="mt-1 text-sm opacity-90">{body}</p>
      {group.closedAt ? <p className="tabular mt-2 text-[11px] opacity-75">{t("closedAt", { time: format.dateTime(group.closedAt, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) })}</p> : null}
    </section>
  );
}

function MyRewards({ data }: { data: GroupResultData }) {
  const t = useTranslations("result");
  const asset = useAssetLabel(true);
  const label = useRewardLabel();
  const lines = foldRewardLines(data.myRewards);
  const prizes = data.myPrizes;
  return (
    <Card className="p-4" data-testid="my-rewards">
      <h2 className="text-[15px] font-semibold">{t("myRewards")}</h2>
      <ul className="mt-2 divide-y divide-neutral-100">
        {prizes.map((p) => (
          <li key={p.entryId} className="flex items-center gap-3 py-2.5" data-testid="reward-line">
            <GiftIcon size={18} className="shrink-0 text-amber-500" />
            <span className="min-w-0 flex-1 text-sm text-neutral-800">{p.kind === "voucher" ? t("prizeVoucher", { name: p.itemName }) : t("prizeProduct", { name: p.itemName })}</span>
            <PrizeOrderLink order={p.order} status={p.status} />
          </li>
        ))}
        {lines.map((l) => (
          <li key={l.key} className="flex items-center gap-3 py-2.5" data-testid="reward-line" data-reason={l.reason}>
            <span className="min-w-0 flex-1 text-sm text-neutral-800">{label(l.reason, l.asset)}</span>
            <span className={`tabular shrink-0 text-[15px] font-semibold ${l.amount > 0 ? "text-green-600" : "text-neutral-500"}`}>{formatRewardAmount(l, asset("cash"))}</span>
          </li>
        ))}
      </ul>
      {lines.length === 0 && prizes.length === 0 ? (
        <p className="flex items-center gap-2 py-2 text-sm text-neutral-500">
          <AlertIcon size={16} />
          {t("noRewardsYet")}
        </p>
      ) : null}
      <Link href="/wallet" className="mt-1 flex min-h-11 items-center justify-end gap-0.5 text-[13px] text-neutral-500">
        {t("toWallet")}
        <ChevronRightIcon size={14} />
      </Link>
    </Card>
  );
}

"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { CheckCircleIcon, ChevronRightIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { Commitment } from "./commitment";
import { Countdown } from "./countdown";
import { DrawMomentCard } from "./draw-moment";
import { ClockIcon, LiveDot } from "./icons";
import { ItemImage } from "./item-image";
import { newEntryId } from "./new-entry-id";
import { PaySheet, type JoinedSeat } from "./pay-sheet";
import { useRuleText } from "./rule-text";
import { RewardList, RuleBullets, RulesSheet } from "./rules-view";
import { SeatMap } from "./seat-map";
import { useSeatList } from "./seat-list";
import type { GroupEventData } from "./types";
import { useActivityEvents } from "./use-activity-events";
import { useAssetLabel } from "./use-asset-label";
import { useDrawMoment } from "./use-draw-moment";
import { useGroupResult } from "./use-group-result";
import { MyGroupStatus, type MyGroup } from "./my-group-status";

export type Viewer = "guest" | "shopper" | "staff";

/**
 * The room: pick an item, read every rule in force, watch the seats fill live (SSE → refetch),
 * check the commitment, and join through the pay sheet. A group that closes is held on screen —
 * full, then drawn with its winners — before the next group shows (use-draw-moment.ts); a seated
 * shopper's own outcome stays in their status line.
 */
export function ActivityRoom({ activityId, viewer }: { activityId: string; viewer: Viewer }) {
  const t = useTranslations("room");
  const tr = useTranslations("rules");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roomOptions = trpc.activities.room.queryOptions({ activityId });
  const room = useQuery(roomOptions);
  const asset = useAssetLabel(viewer === "shopper");
  const ruleTextOf = useRuleText();
  const seatList = useSeatList();

  const [itemId, setItemId] = useState<string | null>(null);
  const [rulesOpen, setRulesOpen] = useState(false);
  const [payEntryId, setPayEntryId] = useState<string | null>(null);
  const [myGroup, setMyGroup] = useState<MyGroup | null>(null);
  const [arrived, setArrived] = useState<ReadonlySet<number>>(new Set());

  const closeRules = useCallback(() => setRulesOpen(false), []);
  const closePay = useCallback(() => setPayEntryId(null), []);

  const data = room.data;
  const open = data?.openGroup ?? null;
  const items = data?.items ?? [];
  const item = items.find((i) => i.id === itemId) ?? items[0];
  const priceFen = open?.priceFen ?? data?.activity.priceFen ?? 0;
  const groupSize = open?.groupSize ?? data?.activity.groupSize ?? 0;
  const winners = open?.winners ?? data?.activity.winners ?? 0;

  const refetchRoom = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: roomOptions.queryKey });
    void queryClient.invalidateQueries({ queryKey: trpc.activities.list.queryKey() });
  }, [queryClient, roomOptions.queryKey, trpc.activities.list]);

  // The seat I hold in the open group (after a reload too), so I can follow it through the draw.
  const mySeatInOpen = open?.seats.find((s) => s.mine);
  useEffect(() => {
    if (open && mySeatInOpen) setMyGroup((g) => (g?.id === open.id ? g : { id: open.id, number: open.number, seat: mySeatInOpen.seat, phase: "waiting" }));
  }, [open, mySeatInOpen]);

  const onEvent = useCallback(
    (e: GroupEventData) => {
      refetchRoom();
      // The closed group's result (the moment on screen, my own outcome) is read again now.
      if (e.type !== "seat") void queryClient.invalidateQueries({ queryKey: trpc.activities.group.queryKey({ groupId: e.groupId }) });
      setMyGroup((g) => {
        if (!g || g.id !== e.groupId) return g;
        if (e.type === "filled" && g.phase === "waiting") return { ...g, phase: "drawing" };
        if (e.type === "drawn") return { ...g, phase: "drawn" };
        if (e.type === "dissolved") return { ...g, phase: "dissolved" };
        return g;
      });
      if (e.type === "drawn" || e.type === "dissolved") void queryClient.invalidateQueries({ queryKey: trpc.wallet.overview.queryKey() });
    },
    [refetchRoom, queryClient, trpc.wallet.overview, trpc.activities.group],
  );
  const live = useActivityEvents(activityId, onEvent, refetchRoom);

  const { moment, result: momentResult, dismiss: nextGroup } = useDrawMoment(open ? { id: open.id, number: open.number } : null);
  // My group's outcome, once it filled: the same read as the moment's when I watched it close.
  const myResult = useGroupResult(myGroup && myGroup.phase !== "waiting" ? myGroup.id : null).data;
  const myStatus = myResult?.group.status;
  const me = myGroup && (myStatus === "drawn" || myStatus === "dissolved") ? { ...myGroup, phase: myStatus } : myGroup;

  // Seats that arrived since the last render pulse once.
  const previous = useRef<{ groupId: string | null; seats: Set<number> } | null>(null);
  useEffect(() => {
    const seats = new Set(open?.seats.map((s) => s.seat) ?? []);
    const before = previous.current;
    previous.current = { groupId: open?.id ?? null, seats };
    if (!before || before.groupId !== (open?.id ?? null)) return;
    const fresh = [...seats].filter((s) => !before.seats.has(s));
    if (fresh.length === 0) return;
    setArrived(new Set(fresh));
    const timer = setTimeout(() => setArrived(new Set()), 1600);
    return () => clearTimeout(timer);
  }, [open]);

  const ruleText = data ? ruleTextOf({ rules: data.rules, priceFen, groupSize, winners, itemKind: item?.kind, itemName: item?.name, asset }) : null;

  if (room.isPending) {
    return (
      <div className="flex justify-center py-20 text-neutral-400">
        <Spinner label={t("loading")} />
      </div>
    );
  }
  if (room.isError || !data || !ruleText) {
    return <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => room.refetch()}>{t("retry")}</Button>} />;
  }

  const seatsTaken = open?.seatsTaken ?? 0;
  const left = groupSize - seatsTaken;
  const activityOpen = data.activity.status === "active";
  const mySeats = open?.seats.filter((s) => s.mine).length ?? 0;
  const seatsFull = mySeats >= data.rules.seatsPerUser;

  // My status line says it (one message: no toast over the room). Taking the last seat, I watch my
  // group's draw here like everyone else.
  function onJoined(j: JoinedSeat) {
    setPayEntryId(null);
    setMyGroup({ id: j.groupId, number: open?.id === j.groupId ? open.number : null, seat: j.seat, phase: j.filled ? "drawing" : "waiting" });
    refetchRoom();
    void queryClient.invalidateQueries({ queryKey: trpc.wallet.overview.queryKey() });
  }

  return (
    <>
      <div className="flex flex-col gap-3 p-4 pb-28">
        <Card className="p-3">
          <div className="flex gap-3">
            <ItemImage src={item?.imageUrl} alt={item?.name ?? data.activity.name} kind={item?.kind} className="size-24 shrink-0 rounded-xl" />
            <div className="flex min-w-0 flex-1 flex-col">
              <h2 className="line-clamp-2 text-base leading-snug font-semibold text-neutral-900">{data.activity.name}</h2>
              <p className="mt-1 text-xs text-neutral-500">{t("meta", { n: groupSize, k: winners })}</p>
              <p className="tabular mt-auto text-2xl leading-none font-semibold text-brand" data-testid="room-price">
                <span className="text-sm">¥</span>
                {formatFen(priceFen).slice(1)}
              </p>
            </div>
          </div>
          {items.length > 0 ? (
            <div className="mt-3 border-t border-neutral-100 pt-3">
              <p className="mb-2 text-xs text-neutral-500">{t("pickItem", { count: items.length })}</p>
              <div role="radiogroup" aria-label={t("pickItemLabel")} className="flex flex-wrap gap-2">
                {items.map((i) => {
                  const selected = i.id === item?.id;
                  return (
                    <button
                      key={i.id}
                      type="button"
                      role="radio"
                      aria-checked={selected}
                      onClick={() => setItemId(i.id)}
                      className={`flex min-h-11 max-w-full items-center gap-1.5 rounded-lg border px-3 text-left text-[13px] ${selected ? "border-brand bg-brand/5 font-medium text-brand" : "border-neutral-200 text-neutral-700"}`}
                    >
                      {selected ? <CheckCircleIcon size={15} className="shrink-0" /> : null}
                      <span className="truncate">{i.name}</span>
                      {i.kind === "voucher" ? <span className="shrink-0 rounded bg-amber-100 px-1 text-[10px] text-amber-700">{t("voucherTag")}</span> : null}
                    </button>
                  );
                })}
              </div>
            </div>
          ) : null}
        </Card>

        {me ? <MyGroupStatus group={me} open={open?.id === me.id ? { taken: seatsTaken, size: groupSize } : null} result={myResult} /> : null}

        {moment ? (
          <DrawMomentCard moment={moment} data={momentResult} nextNumber={open?.number ?? null} announce={!momentResult?.seats.some((s) => s.mine)} onNext={nextGroup} />
        ) : (
          <Card className="p-4" data-testid="seat-card">
            <div className="flex items-center justify-between gap-2">
              <h2 className="text-[15px] font-semibold">
                {open ? t("groupNo", { number: open.number }) : t("seatsTitle")}
                <span className="tabular ml-2 text-xs font-normal text-neutral-500" data-testid="seats-progress">
                  {t("progress", { taken: seatsTaken, n: groupSize })}
                </span>
              </h2>
              <span className="flex items-center gap-1.5 text-[11px] text-neutral-500" data-testid="live-status" data-status={live}>
                <LiveDot status={live} />
                {t(`live.${live}`)}
              </span>
            </div>
            <div className="mt-1 flex items-center justify-between text-xs">
              <span className="font-medium text-brand">{left > 0 ? t("seatsLeft", { count: left }) : t("full")}</span>
              {open ? (
                <span className="flex items-center gap-1 text-neutral-500">
                  <ClockIcon size={12} />
                  <Countdown expiresAt={open.expiresAt} serverTime={data.serverTime} />
                </span>
              ) : null}
            </div>
            <div className="mt-4">
              <SeatMap size={groupSize} seats={open?.seats ?? []} arrived={arrived} />
            </div>
            {open ? (
              <div className="mt-4 border-t border-neutral-100 pt-2">
                <Commitment hash={open.commitment} />
              </div>
            ) : null}
          </Card>
        )}

        <Card className="p-4" data-testid="rules-card">
          <div className="mb-2 flex items-center justify-between">
            <h2 className="text-[15px] font-semibold">{t("rulesTitle")}</h2>
            <button type="button" onClick={() => setRulesOpen(true)} className="-my-2 -mr-2 flex min-h-11 items-center gap-0.5 px-2 text-[13px] text-neutral-500">
              {t("rulesMore")}
              <ChevronRightIcon size={14} />
            </button>
          </div>
          <RuleBullets text={ruleText} />
          <div className="mt-3 grid gap-2">
            <RewardList title={tr("winTitle")} lines={ruleText.win} tone="win" testId="win-rewards" />
            <RewardList title={tr("loseTitle")} lines={ruleText.lose} tone="lose" testId="lose-rewards" />
          </div>
        </Card>

        {data.recentGroups.length > 0 ? (
          <Card>
            <h2 className="px-4 pt-4 pb-1 text-[15px] font-semibold">{t("recent")}</h2>
            <ul className="divide-y divide-neutral-100">
              {data.recentGroups.map((g) => (
                <li key={g.id}>
                  <Link href={`/groups/${g.id}`} className="flex min-h-12 items-center gap-3 px-4 py-2.5" data-testid="recent-group">
                    <span className="tabular w-16 shrink-0 text-sm font-medium">{t("groupNo", { number: g.number })}</span>
                    <span className="min-w-0 flex-1 truncate text-[13px] text-neutral-500">
                      {g.status === "drawn" ? t("recentDrawn", { seats: seatList(g.winnerSeats) }) : g.status === "dissolved" ? t("recentDissolved") : t("recentDrawing")}
                    </span>
                    <ChevronRightIcon size={16} className="shrink-0 text-neutral-300" />
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>

      <JoinBar
        viewer={viewer}
        activityId={activityId}
        priceFen={priceFen}
        activityOpen={activityOpen}
        seatsFull={seatsFull}
        myGroup={me}
        onJoin={() => setPayEntryId(newEntryId())}
      />

      <RulesSheet open={rulesOpen} onClose={closeRules} text={ruleText} />
      {payEntryId ? (
        <PaySheet open onClose={closePay} activityId={activityId} item={item} priceFen={priceFen} entryId={payEntryId} ruleText={ruleText} onJoined={onJoined} />
      ) : null}
    </>
  );
}

function JoinBar({ viewer, activityId, priceFen, activityOpen, seatsFull, myGroup, onJoin }: { viewer: Viewer; activityId: string; priceFen: number; activityOpen: boolean; seatsFull: boolean; myGroup: MyGroup | null; onJoin: () => void }) {
  const t = useTranslations("room");
  let action;
  if (myGroup && (myGroup.phase === "drawn" || myGroup.phase === "dissolved")) {
    action = (
      <>
        {viewer === "shopper" && activityOpen ? (
          <Button variant="outline" size="lg" onClick={onJoin} className="!w-auto shrink-0 rounded-full px-4">
            {t("joinAgain")}
          </Button>
        ) : null}
        <ButtonLink href={`/groups/${myGroup.id}`} size="lg" data-testid="view-result">
          {t("viewResult")}
        </ButtonLink>
      </>
    );
  } else if (viewer === "guest") {
    action = (
      <ButtonLink href={`/login?next=${encodeURIComponent(`/activities/${activityId}`)}`} size="lg">
        {t("signInToJoin")}
      </ButtonLink>
    );
  } else if (viewer === "staff") {
    action = (
      <Button size="lg" disabled>
        {t("staffCannotJoin")}
      </Button>
    );
  } else if (!activityOpen) {
    action = (
      <Button size="lg" disabled>
        {t("notOpen")}
      </Button>
    );
  } else if (seatsFull && myGroup) {
    action = (
      <p className="flex min-h-12 w-full items-center justify-center gap-2 rounded-full bg-neutral-100 text-base font-medium text-neutral-700" data-testid="joined-button">
        <CheckCircleIcon size={20} className="text-brand" />
        {t("joined", { seat: myGroup.seat })}
      </p>
    );
  } else {
    action = (
      <Button size="lg" onClick={onJoin} data-testid="join-button">
        {t("joinNow", { amount: formatFen(priceFen) })}
      </Button>
    );
  }
  return (
    <div className="fixed inset-x-0 bottom-0 z-30 border-t border-neutral-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur">
      <div className="mx-auto flex max-w-md items-center gap-3 px-4 py-2.5">{action}</div>
    </div>
  );
}

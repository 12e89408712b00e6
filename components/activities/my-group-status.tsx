"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { PrizeOrderLink } from "../draw/prize-order-link";
import { foldRewardLines, formatRewardAmount } from "../draw/reward-lines";
import { useRewardLabel } from "../draw/use-reward-label";
import { AlertIcon, CheckCircleIcon, GiftIcon } from "../ui/icons";
import type { GroupResultData } from "./types";
import { useAssetLabel } from "./use-asset-label";

export type Phase = "waiting" | "drawing" | "drawn" | "dissolved";
export interface MyGroup {
  id: string;
  number: number | null;
  seat: number;
  phase: Phase;
}

/**
 * The seated shopper's one message in the room: seated and waiting, drawing, then their own
 * outcome — won (the prize and where its order stands) or not (the refund and each bonus, with
 * amounts) — which stays until they leave. No toast is stacked over it.
 */
export function MyGroupStatus({ group, open, result }: { group: MyGroup; open: { taken: number; size: number } | null; result: GroupResultData | undefined }) {
  const t = useTranslations("room");
  const status = result?.group.status;
  const phase: Phase = status === "drawn" ? "drawn" : status === "dissolved" ? "dissolved" : group.phase;
  const mine = result?.seats.filter((s) => s.mine) ?? [];
  const won = mine.some((s) => s.outcome === "won");
  const tone = phase === "drawn" ? (won ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-white text-neutral-800 ring-neutral-200") : phase === "dissolved" ? "bg-neutral-100 text-neutral-700 ring-neutral-200" : "bg-brand/5 text-brand ring-brand/20";
  return (
    <section className={`rounded-2xl px-4 py-3 ring-1 ring-inset ${tone}`} data-testid="my-status" data-phase={phase} data-won={phase === "drawn" ? won : undefined} role="status" aria-live="polite">
      <div className="flex items-center gap-3">
        {phase === "drawn" && won ? <GiftIcon size={22} className="shrink-0 text-amber-500" /> : phase === "dissolved" ? <AlertIcon size={22} className="shrink-0" /> : <CheckCircleIcon size={22} className="shrink-0" />}
        <div className="min-w-0 flex-1">
          <p className="text-[15px] font-semibold" data-testid="my-status-title">
            {phase === "drawn" ? t(won ? "outcome.wonTitle" : "outcome.lostTitle", { seat: group.seat }) : phase === "dissolved" ? t("outcome.dissolvedTitle", { seat: group.seat }) : t("joined", { seat: group.seat })}
          </p>
          {phase === "waiting" || phase === "drawing" || phase === "dissolved" ? (
            <p className="text-xs opacity-80">{phase === "waiting" ? (open ? t("waitingLeft", { count: open.size - open.taken }) : t("waiting")) : phase === "drawing" ? t("drawing") : t("dissolved")}</p>
          ) : null}
        </div>
        {phase === "drawn" || phase === "dissolved" ? (
          <Link href={`/groups/${group.id}`} className="flex min-h-11 shrink-0 items-center text-sm font-medium underline underline-offset-2">
            {t("viewResult")}
          </Link>
        ) : null}
      </div>
      {phase === "drawn" ? result ? <OutcomeLines data={result} /> : <p className="mt-1 text-xs opacity-70">{t("outcome.loading")}</p> : null}
    </section>
  );
}

/** The prize and the money lines of my seat(s), without the payment itself (the pay sheet showed it). */
function OutcomeLines({ data }: { data: GroupResultData }) {
  const tr = useTranslations("result");
  const asset = useAssetLabel(true);
  const label = useRewardLabel();
  const lines = foldRewardLines(data.myRewards).filter((l) => l.reason !== "join.pay");
  return (
    <ul className="mt-2 flex flex-col gap-1 border-t border-black/5 pt-2 text-sm" data-testid="my-outcome-lines">
      {data.myPrizes.map((p) => (
        <li key={p.entryId} className="flex items-center gap-2">
          <span className="min-w-0 flex-1 truncate">{p.kind === "voucher" ? tr("prizeVoucher", { name: p.itemName }) : tr("prizeProduct", { name: p.itemName })}</span>
          <PrizeOrderLink order={p.order} status={p.status} />
        </li>
      ))}
      {lines.map((l) => (
        <li key={l.key} className="flex items-center gap-2" data-reason={l.reason}>
          <span className="min-w-0 flex-1 truncate text-neutral-700">{label(l.reason, l.asset)}</span>
          <span className={`tabular shrink-0 font-semibold ${l.amount > 0 ? "text-green-700" : "text-neutral-500"}`}>{formatRewardAmount(l, asset("cash"))}</span>
        </li>
      ))}
    </ul>
  );
}

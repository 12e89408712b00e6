"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { formatFen } from "../money/format-fen";
import { PAGED } from "../wallet/query-inputs";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ReceiptIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { LoadMore } from "./load-more";
import { EARNINGS_INPUT } from "./query-inputs";

const KIND_LABEL = { release: "kindRelease", ads: "kindAds", store: "kindStore" } as const;

/** Every referral earning, newest first: what it was, from whom (masked), its stage and amount. */
export function EarningsHistory() {
  const t = useTranslations("referral");
  const format = useFormatter();
  const trpc = useTRPC();
  const history = useInfiniteQuery(trpc.referrals.earnings.infiniteQueryOptions(EARNINGS_INPUT, PAGED));
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const day = (d: Date) => format.dateTime(d, { month: "short", day: "numeric" });

  if (history.isPending)
    return (
      <div className="flex justify-center py-8 text-neutral-400">
        <Spinner />
      </div>
    );
  if (history.isError) return <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => history.refetch()}>{t("retry")}</Button>} />;
  if (items.length === 0) return <EmptyState icon={<ReceiptIcon size={26} />} title={t("historyEmpty")} />;
  return (
    <div className="pb-2">
      <ul className="divide-y divide-neutral-100" data-testid="earnings-history">
        {items.map((e) => {
          const stage =
            e.stage === "paid" ? t("stagePaid") : e.stage === "held" ? t("stageHeld", { date: e.releaseAt ? day(e.releaseAt) : "" }) : e.stage === "released" ? t("stageReleased") : t("stageClawedBack");
          return (
            <li key={e.id} className="flex items-start gap-3 px-4 py-3" data-testid="earning-line">
              <div className="min-w-0 flex-1">
                <p className="text-[15px] text-neutral-900">
                  {t(KIND_LABEL[e.kind])}
                  {e.activityName ? <span className="text-neutral-500"> · {e.activityName}</span> : null}
                </p>
                <p className="mt-0.5 text-xs text-neutral-500">
                  {t("historyWho", { member: e.member, level: t(e.level === 1 ? "levelShort1" : "levelShort2") })} · {format.dateTime(e.createdAt, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}
                </p>
                {e.clawedBackFen > 0 ? <p className="mt-0.5 text-xs text-amber-700">{t("clawedPart", { amount: formatFen(e.clawedBackFen) })}</p> : null}
              </div>
              <div className="shrink-0 text-right">
                <p className={`tabular text-[15px] font-semibold ${e.stage === "paid" ? "text-green-600" : "text-neutral-700"}`}>{formatFen(e.amountFen, { sign: e.stage === "paid" ? "always" : "auto" })}</p>
                <p className={`text-xs ${e.stage === "held" ? "text-amber-700" : "text-neutral-400"}`}>{stage}</p>
              </div>
            </li>
          );
        })}
      </ul>
      <LoadMore query={history} />
    </div>
  );
}

"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useNow, useTranslations } from "next-intl";
import { formatAssetAmount } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ReceiptIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { assetName } from "./asset-names";
import { businessDayKey, groupByBusinessDay } from "./day-key";
import { useReasonLabel } from "./use-reason-label";
import { useDestinationText } from "./destination-list";
import { usePayoutFailureText } from "./payout-failure-text";

import { HISTORY_INPUT, PAGED } from "./query-inputs";

/** Every balance change with its reason, newest first, grouped by business day; more on request. */
export function HistoryList() {
  const t = useTranslations("wallet");
  const format = useFormatter();
  const locale = useLocale();
  const now = useNow();
  const trpc = useTRPC();
  const overview = useQuery(trpc.wallet.overview.queryOptions());
  const history = useInfiniteQuery(trpc.wallet.history.infiniteQueryOptions(HISTORY_INPUT, PAGED));
  const failureText = usePayoutFailureText();

  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  const today = businessDayKey(now);
  const yesterday = businessDayKey(new Date(now.getTime() - 24 * 3600 * 1000));

  const reasonLabel = useReasonLabel();
  const destination = useDestinationText();
  const dayLabel = (day: string, sample: Date) =>
    day === today ? t("today") : day === yesterday ? t("yesterday") : format.dateTime(sample, { month: "long", day: "numeric", weekday: "short", ...(day.slice(0, 4) !== today.slice(0, 4) ? { year: "numeric" } : {}) });

  return (
    <Card>
      <h2 className="px-4 pt-4 pb-1 text-[15px] font-semibold">{t("history")}</h2>
      {history.isPending ? (
        <div className="flex justify-center py-10 text-neutral-400">
          <Spinner label={t("loading")} />
        </div>
      ) : history.isError ? (
        <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => history.refetch()}>{t("retry")}</Button>} />
      ) : items.length === 0 ? (
        <EmptyState icon={<ReceiptIcon size={26} />} title={t("historyEmpty")} description={t("historyEmptyBody")} />
      ) : (
        <div className="pb-2">
          {groupByBusinessDay(items, (e) => e.createdAt).map((group) => (
            <section key={group.day} aria-label={group.day}>
              <h3 className="sticky top-12 z-10 bg-white/95 px-4 pt-3 pb-1 text-xs font-medium text-neutral-500 backdrop-blur">{dayLabel(group.day, group.items[0]?.createdAt ?? now)}</h3>
              <ul className="divide-y divide-neutral-100">
                {group.items.map((e) => (
                  <li key={e.id} className="flex items-center gap-3 px-4 py-3" data-testid="history-line">
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-[15px] text-neutral-900">{e.fromHold && e.destination ? t("paidOutTo", { destination: destination(e.destination) }) : reasonLabel(e.reason)}</p>
                      {e.fromHold ? <p className="mt-0.5 text-xs text-neutral-500">{t("fromHoldNote")}</p> : !e.fromHold && e.destination && e.reason === "withdrawal.hold" ? <p className="tabular mt-0.5 truncate text-xs text-neutral-500">{destination(e.destination)}</p> : null}
                      {e.note ? (
                        <p className="mt-0.5 line-clamp-2 text-xs text-neutral-600" data-testid="history-note">
                          {e.noteCode ? failureText(e.noteCode, e.note) : e.note}
                        </p>
                      ) : null}
                      <p className="tabular mt-0.5 text-xs text-neutral-400">
                        {format.dateTime(e.createdAt, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })} · {overview.data ? assetName(overview.data.displayNames, e.asset, locale) : e.asset}
                      </p>
                    </div>
                    {e.fromHold ? (
                      // Paid from money already held: shown unsigned, since this line moves no balance.
                      <span className="tabular shrink-0 text-[15px] font-semibold text-neutral-400">{formatAssetAmount(e.asset, -e.amount)}</span>
                    ) : (
                      <span className={`tabular shrink-0 text-[15px] font-semibold ${e.amount > 0 ? "text-green-600" : "text-neutral-500"}`}>{formatAssetAmount(e.asset, e.amount, { sign: "always" })}</span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <div className="flex justify-center px-4 pt-2 pb-2">
            {history.hasNextPage ? (
              <Button variant="ghost" onClick={() => history.fetchNextPage()} loading={history.isFetchingNextPage} className="w-full text-sm text-neutral-600">
                {t("loadMore")}
              </Button>
            ) : (
              <p className="py-3 text-xs text-neutral-400">{t("noMore")}</p>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}

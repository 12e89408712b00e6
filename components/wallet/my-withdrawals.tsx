"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { usePayoutFailureText } from "./payout-failure-text";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { BankIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { MY_WITHDRAWALS_INPUT, PAGED } from "./query-inputs";
import { WechatAcceptTransfer } from "./wechat-accept-transfer";
import { WithdrawalStatus } from "./withdrawal-status";
import { useDestinationText } from "./destination-list";

/** My withdrawal requests with where they go and their status; rejected and failed ones say why. */
export function MyWithdrawals() {
  const t = useTranslations("wallet");
  const format = useFormatter();
  const trpc = useTRPC();
  const label = useDestinationText();
  const failureText = usePayoutFailureText();
  const list = useInfiniteQuery(trpc.wallet.withdrawals.infiniteQueryOptions(MY_WITHDRAWALS_INPUT, PAGED));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const wechat = list.data?.pages[0]?.wechat ?? null;
  return (
    <Card>
      <h2 className="px-4 pt-4 pb-1 text-[15px] font-semibold">{t("myWithdrawals")}</h2>
      {list.isPending ? (
        <div className="flex justify-center py-8 text-neutral-400">
          <Spinner label={t("loading")} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<BankIcon size={26} />} title={t("withdrawalsEmpty")} />
      ) : (
        <ul className="divide-y divide-neutral-100">
          {items.map((w) => (
            <li key={w.id} className="flex items-center gap-3 px-4 py-3" data-testid="my-withdrawal">
              <div className="min-w-0 flex-1">
                <p className="tabular text-[15px] font-semibold">{formatFen(w.amountFen)}</p>
                <p className="tabular mt-0.5 text-xs text-neutral-400">
                  {format.dateTime(w.createdAt, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}
                </p>
                {w.destination ? <p className="tabular mt-0.5 truncate text-xs text-neutral-500">{label(w.destination)}</p> : null}
                {w.status === "rejected" && w.decisionNote ? <p className="mt-1 text-xs text-neutral-500">{t("rejectNote", { note: w.decisionNote })}</p> : null}
                {w.status === "processing" && w.confirmPackage && wechat ? <WechatAcceptTransfer ids={wechat} pkg={w.confirmPackage} onDone={() => void list.refetch()} /> : null}
                {w.status === "failed" && w.failureReason ? <p className="mt-1 text-xs text-red-600">{t("failedNote", { note: failureText(w.failureCode, w.failureReason) })}</p> : null}
              </div>
              <WithdrawalStatus status={w.status} />
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <div className="px-4 pb-2">
          <Button variant="ghost" className="w-full text-sm" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t("loadMore")}
          </Button>
        </div>
      ) : (
        <div className="h-2" />
      )}
    </Card>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Card, CardTitle } from "../ui/card";
import { Spinner } from "../ui/spinner";
import { PoolCountdown } from "./pool-countdown";
import { PoolMoveForm } from "./pool-move-form";

/** The shopper's pool: phase and countdown, holdings and share, estimate, move form, history. */
export function PoolView() {
  const t = useTranslations("pool");
  const format = useFormatter();
  const trpc = useTRPC();
  const summary = useQuery(trpc.pool.summary.queryOptions());
  const history = useQuery(trpc.pool.history.queryOptions({ limit: 30 }));
  if (summary.isPending) return <Spinner label={t("loading")} />;
  if (summary.isError) return <p className="text-sm text-brand">{summary.error.message}</p>;
  const s = summary.data;
  return (
    <>
      <Card data-testid="pool-phase">
        <CardTitle>{t(`phase.${s.phase}`)}</CardTitle>
        <div className="px-4 pb-4">
          <p className="text-sm text-neutral-600">{t(`phaseRule.${s.phase}`)}</p>
          <p className="mt-2 text-sm text-neutral-700">
            {t("nextPhase", { phase: t(`phase.${s.nextPhase}`), at: format.dateTime(s.nextPhaseAt, { dateStyle: "medium", timeZone: "Asia/Shanghai" }) })}
          </p>
          <p className="mt-1 text-sm font-medium text-brand">
            <PoolCountdown target={s.nextPhaseAt} serverNow={s.serverNow} />
          </p>
        </div>
      </Card>
      <Card className="p-4">
        <dl className="grid grid-cols-2 gap-3 text-sm">
          <div>
            <dt className="text-neutral-500">{t("myPoints")}</dt>
            <dd className="tabular text-xl font-semibold" data-testid="pool-my-points">{s.myPoints}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("share")}</dt>
            <dd className="tabular text-xl font-semibold" data-testid="pool-share">{(s.shareBp / 100).toFixed(2)}%</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("totalPoints")}</dt>
            <dd className="tabular" data-testid="pool-total-points">{s.totalPoints}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("divPoints")}</dt>
            <dd className="tabular" data-testid="pool-div-points">{s.divPoints}</dd>
          </div>
        </dl>
        <p className="mt-3 text-sm text-neutral-700">
          {s.estimate ? t("estimate", { amount: formatFen(s.estimate.payoutFen), month: s.estimate.basedOnMonth }) : t("noEstimate")}
        </p>
      </Card>
      <Card>
        <CardTitle>{t("moveTitle")}</CardTitle>
        <div className="px-4 pb-4">
          <PoolMoveForm phase={s.phase} divPoints={s.divPoints} myPoints={s.myPoints} />
        </div>
      </Card>
      <Card>
        <CardTitle>{t("history")}</CardTitle>
        <div className="px-4 pb-3">
          {history.data && history.data.length > 0 ? (
            <ul className="divide-y divide-neutral-100 text-sm">
              {history.data.map((h, i) => (
                <li key={i} className="flex items-center justify-between py-2" data-testid="pool-history-line">
                  <span>
                    {h.kind === "settlement" ? t("historySettlement", { month: h.period ?? "" }) : t(h.kind === "in" ? "historyIn" : "historyOut")}
                    <span className="ml-2 text-xs text-neutral-500">{format.dateTime(h.at, { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Shanghai" })}</span>
                  </span>
                  <span className="tabular font-medium">{h.kind === "settlement" ? `+${formatFen(h.amountFen)}` : `${h.kind === "in" ? "+" : "−"}${h.points}`}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-neutral-500">{t("historyEmpty")}</p>
          )}
        </div>
      </Card>
    </>
  );
}

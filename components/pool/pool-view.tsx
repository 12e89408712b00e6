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
        <p className="text-sm text-neutral-600">{t(`phaseRule.${s.phase}`)}</p>
        <p className="mt-2 text-sm text-neutral-700">
          {t("nextPhase", { phase: t(`phase.${s.nextPhase}`), at: format.dateTime(s.nextPhaseAt, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }) })}{" "}
          <PoolCountdown target={s.nextPhaseAt} serverNow={s.serverNow} />
        </p>
      </Card>
      <Card>
        <dl className="grid grid-cols-2 gap-3 text-sm">
          <div>
            <dt className="text-neutral-500">{t("myPoints")}</dt>
            <dd className="tabular text-xl font-semibold" data-testid="pool-my-points">{s.myPoints}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("share")}</dt>
            <dd className="tabular text-xl font-semibold">{(s.shareBp / 100).toFixed(2)}%</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("totalPoints")}</dt>
            <dd className="tabular">{s.totalPoints}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("divPoints")}</dt>
            <dd className="tabular">{s.divPoints}</dd>
          </div>
        </dl>
        <p className="mt-3 text-sm text-neutral-700">
          {s.estimate ? t("estimate", { amount: formatFen(s.estimate.payoutFen), month: s.estimate.basedOnMonth }) : t("noEstimate")}
        </p>
      </Card>
      <Card>
        <CardTitle>{t("moveTitle")}</CardTitle>
        <PoolMoveForm phase={s.phase} divPoints={s.divPoints} myPoints={s.myPoints} />
      </Card>
      <Card>
        <CardTitle>{t("history")}</CardTitle>
        {history.data && history.data.length > 0 ? (
          <ul className="divide-y divide-neutral-100 text-sm">
            {history.data.map((h, i) => (
              <li key={i} className="flex items-center justify-between py-2">
                <span>
                  {h.kind === "settlement" ? t("historySettlement", { month: h.period ?? "" }) : t(h.kind === "in" ? "historyIn" : "historyOut")}
                  <span className="ml-2 text-xs text-neutral-500">{format.dateTime(h.at, { dateStyle: "short", timeStyle: "short" })}</span>
                </span>
                <span className="tabular font-medium">{h.kind === "settlement" ? `+${formatFen(h.amountFen)}` : `${h.kind === "in" ? "+" : "−"}${h.points}`}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-neutral-500">{t("historyEmpty")}</p>
        )}
      </Card>
    </>
  );
}

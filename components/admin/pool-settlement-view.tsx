"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field } from "../ui/input";
import { Dialog } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { Panel, StateRow, Table, Td, Th } from "./table";

/** The pool's state and the monthly settlement: enter the profit, confirm, pay once per month. */
export function PoolSettlementView({ canSettle }: { canSettle: boolean }) {
  const t = useTranslations("admin.pool");
  const ts = useTranslations("admin.settlement");
  const tp = useTranslations("pool");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery(trpc.admin.pool.overview.queryOptions());
  const settle = useMutation(trpc.admin.pool.settle.mutationOptions());
  const setRatio = useMutation(trpc.admin.pool.setShareRatio.mutationOptions());
  const [profitYuan, setProfitYuan] = useState("");
  const [ratio, setRatioInput] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (overview.isPending) return <Spinner label={tt("loading")} />;
  if (overview.isError) return <p className="text-sm text-brand">{overview.error.message}</p>;
  const o = overview.data;
  const frozen = o.calendar.phase === "frozen";

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const fen = Math.round(Number(profitYuan) * 100);
    if (!Number.isFinite(fen) || fen <= 0 || !/^\d+(\.\d{1,2})?$/.test(profitYuan)) return setError(t("profit"));
    setError(null);
    setConfirming(fen);
  }

  async function onConfirm() {
    if (confirming === null) return;
    try {
      const out = await settle.mutateAsync({ profitFen: confirming });
      toast.success(out.ranNow ? t("settled", { amount: formatFen(out.run.paidFen), remainder: formatFen(out.run.remainderFen) }) : t("alreadySettled"));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      setConfirming(null);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.pool.pathKey() });
    }
  }

  async function saveRatio() {
    try {
      await setRatio.mutateAsync({ shareRatioBp: Number(ratio ?? o.settings.shareRatioBp) });
      toast.success(t("saved"));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.admin.pool.pathKey() });
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {o.violations.length > 0 ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {t("violations", { detail: o.violations.slice(0, 3).join("; ") })}
        </p>
      ) : null}
      <Panel className="p-4">
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5" data-testid="pool-state">
          <div>
            <dt className="text-neutral-500">{t("month")}</dt>
            <dd className="tabular font-medium">{o.calendar.month}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("phase")}</dt>
            <dd className="font-medium">{tp(`phase.${o.calendar.phase}`)}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("holders")}</dt>
            <dd className="tabular font-medium">{o.holders}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("totalPoints")}</dt>
            <dd className="tabular font-medium">{o.totalPoints}</dd>
          </div>
          <div>
            <dt className="text-neutral-500">{t("shareRatio")}</dt>
            <dd className="tabular font-medium">{(o.settings.shareRatioBp / 100).toFixed(2)}%</dd>
          </div>
        </dl>
      </Panel>
      {canSettle ? (
        <Panel className="p-4">
          <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
            <Field label={t("profit")} inputMode="decimal" prefix="¥" value={profitYuan} onChange={(e) => setProfitYuan(e.target.value)} disabled={!frozen} error={error ?? undefined} />
            <Button type="submit" disabled={!frozen || settle.isPending}>
              {t("settle")}
            </Button>
            {!frozen ? <p className="text-sm text-neutral-500">{t("onlyFrozen")}</p> : null}
          </form>
          <div className="mt-4 flex flex-wrap items-end gap-3">
            <Field label={t("ratioLabel")} inputMode="numeric" value={ratio ?? String(o.settings.shareRatioBp)} onChange={(e) => setRatioInput(e.target.value)} />
            <Button variant="neutral" onClick={() => void saveRatio()} disabled={setRatio.isPending}>
              {t("saveRatio")}
            </Button>
          </div>
        </Panel>
      ) : null}
      <Panel>
        <Table label={t("runs")}>
          <thead>
            <tr>
              <Th>{t("month")}</Th>
              <Th>{ts("status")}</Th>
              <Th className="text-right">{ts("pool")}</Th>
              <Th className="text-right">{ts("paid")}</Th>
              <Th className="text-right">{ts("remainder")}</Th>
              <Th className="text-right">{ts("payees")}</Th>
              <Th>{ts("finishedAt")}</Th>
            </tr>
          </thead>
          <tbody>
            {o.runs.length === 0 ? (
              <StateRow colSpan={7}>{tt("empty")}</StateRow>
            ) : (
              o.runs.map((r) => (
                <tr key={r.id} data-testid="pool-run">
                  <Td className="tabular">{r.period}</Td>
                  <Td>{ts(`statuses.${r.status}`)}</Td>
                  <Td className="tabular text-right">{formatFen(r.poolFen)}</Td>
                  <Td className="tabular text-right font-medium">{formatFen(r.paidFen)}</Td>
                  <Td className="tabular text-right">{formatFen(r.remainderFen)}</Td>
                  <Td className="tabular text-right">{r.payees}</Td>
                  <Td className="tabular whitespace-nowrap text-neutral-500">{r.finishedAt ? format.dateTime(r.finishedAt, { dateStyle: "short", timeStyle: "short" }) : "—"}</Td>
                </tr>
              ))
            )}
          </tbody>
        </Table>
      </Panel>
      <Dialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t("settle")}
        actions={
          <>
            <Button variant="neutral" onClick={() => setConfirming(null)}>
              {t("cancel")}
            </Button>
            <Button onClick={() => void onConfirm()} disabled={settle.isPending}>
              {t("confirm")}
            </Button>
          </>
        }
      >
        {confirming !== null
          ? t("settleConfirm", { amount: formatFen(confirming), ratio: `${(o.settings.shareRatioBp / 100).toFixed(2)}%`, holders: o.holders, points: o.totalPoints, month: o.calendar.month })
          : null}
      </Dialog>
    </div>
  );
}

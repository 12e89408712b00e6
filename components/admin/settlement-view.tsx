"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field } from "../ui/input";
import { Dialog, Sheet } from "../ui/sheet";
import { toast } from "../ui/toast";
import { Pager, useCursorPager } from "./pager";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

type Job = "daily-dividend" | "static-release";

/** Settlement runs with totals, per-user payouts (paged), run / re-run of a day, static release switch and warning. */
export function SettlementView({ canRun }: { canRun: boolean }) {
  const t = useTranslations("admin.settlement");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pager = useCursorPager<number>();
  const overview = useQuery(trpc.admin.settlement.overview.queryOptions());
  const runs = useQuery({ ...trpc.admin.settlement.runs.queryOptions({ cursor: pager.cursor, limit: 20 }), placeholderData: (p) => p });
  const [openRun, setOpenRun] = useState<{ id: number; job: string } | null>(null);
  const [confirm, setConfirm] = useState<{ job: Job; day: string } | null>(null);
  const [day, setDay] = useState("");
  const runDay = useMutation(trpc.admin.settlement.runDay.mutationOptions());
  const setStatic = useMutation(trpc.admin.settlement.setStaticRelease.mutationOptions());
  const [rates, setRates] = useState<{ baseBp: string; accelerationBp: string } | null>(null);

  const sr = overview.data?.staticRelease;
  const theDay = day || overview.data?.yesterday || "";

  async function onRun() {
    if (!confirm) return;
    try {
      const out = await runDay.mutateAsync(confirm);
      if (out.skipped) toast.success(t("skipped"));
      else if (!out.ranNow) toast.success(t("noop"));
      else toast.success(t("ran", { amount: formatFen(out.run?.paidFen ?? 0) }));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      setConfirm(null);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.settlement.pathKey() });
    }
  }

  async function saveStatic(enabled: boolean) {
    if (!sr) return;
    const baseBp = Number(rates?.baseBp ?? sr.baseBp);
    const accelerationBp = Number(rates?.accelerationBp ?? sr.accelerationBp);
    try {
      await setStatic.mutateAsync({ enabled, baseBp, accelerationBp });
      toast.success(t("saved"));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.admin.settlement.overview.queryKey() });
    }
  }

  const items = runs.data?.items ?? [];
  return (
    <div className="flex flex-col gap-4">
      {sr && overview.data ? (
        <Panel className="p-4" >
          <h2 className="font-medium">
            {t("staticTitle")}: <span className={sr.enabled ? "text-brand" : "text-neutral-500"}>{sr.enabled ? t("staticOn") : t("staticOff")}</span>
          </h2>
          <p role="alert" className="mt-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="static-release-warning">
            {t("staticWarning", {
              perDay: formatFen(overview.data.projection.perDayFen),
              per30: formatFen(overview.data.projection.per30DaysFen),
              credit: formatFen(overview.data.projection.creditOutstandingFen),
            })}
          </p>
          {canRun ? (
            <div className="mt-3 flex flex-wrap items-end gap-3">
              <Field label={t("baseBp")} inputMode="numeric" value={rates?.baseBp ?? String(sr.baseBp)} onChange={(e) => setRates({ baseBp: e.target.value, accelerationBp: rates?.accelerationBp ?? String(sr.accelerationBp) })} />
              <Field label={t("accelerationBp")} inputMode="numeric" value={rates?.accelerationBp ?? String(sr.accelerationBp)} onChange={(e) => setRates({ baseBp: rates?.baseBp ?? String(sr.baseBp), accelerationBp: e.target.value })} />
              <Button variant="neutral" onClick={() => void saveStatic(sr.enabled)} disabled={setStatic.isPending}>{t("save")}</Button>
              <Button variant={sr.enabled ? "outline" : "primary"} onClick={() => void saveStatic(!sr.enabled)} disabled={setStatic.isPending}>
                {sr.enabled ? t("disable") : t("enable")}
              </Button>
            </div>
          ) : null}
        </Panel>
      ) : null}

      {canRun ? (
        <Panel className="p-4">
          <h2 className="font-medium">{t("runTitle")}</h2>
          <div className="mt-3 flex flex-wrap items-end gap-3">
            <Field label={t("day")} type="date" value={theDay} onChange={(e) => setDay(e.target.value)} />
            {(["daily-dividend", "static-release"] as const).map((job) => (
              <Button key={job} variant="neutral" disabled={!theDay} onClick={() => setConfirm({ job, day: theDay })}>
                {t("run")}: {t(`jobs.${job}`)}
              </Button>
            ))}
          </div>
        </Panel>
      ) : null}

      <Panel>
        <Table label={t("title")}>
          <thead>
            <tr>
              <Th>#</Th>
              <Th>{t("job")}</Th>
              <Th>{t("period")}</Th>
              <Th>{t("status")}</Th>
              <Th className="text-right">{t("pool")}</Th>
              <Th className="text-right">{t("paid")}</Th>
              <Th className="text-right">{t("remainder")}</Th>
              <Th className="text-right">{t("payees")}</Th>
              <Th className="text-right">{t("entries")}</Th>
              <Th>{t("finishedAt")}</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            <QueryRows query={runs} items={items} colSpan={11}>
              {(r) => (
                <tr key={r.id} data-testid="settlement-run-row">
                  <Td className="tabular">{r.id}</Td>
                  <Td>{t(`jobs.${r.job}`)}</Td>
                  <Td className="tabular">{r.period}</Td>
                  <Td title={r.error ?? undefined}>{t(`statuses.${r.status}`)}</Td>
                  <Td className="tabular text-right">{formatFen(r.poolFen)}</Td>
                  <Td className="tabular text-right font-medium">{formatFen(r.paidFen)}</Td>
                  <Td className="tabular text-right">{formatFen(r.remainderFen)}</Td>
                  <Td className="tabular text-right">{r.payees}</Td>
                  <Td className="tabular text-right">{r.entriesPosted}</Td>
                  <Td className="tabular whitespace-nowrap text-neutral-500">{r.finishedAt ? format.dateTime(r.finishedAt, { dateStyle: "short", timeStyle: "short" }) : "—"}</Td>
                  <Td className="whitespace-nowrap text-right">
                    <Button size="sm" variant="ghost" onClick={() => setOpenRun({ id: r.id, job: r.job })}>
                      {t("payouts", { id: r.id })}
                    </Button>
                    {canRun && r.job !== "pool-settlement" ? (
                      <Button size="sm" variant="ghost" onClick={() => setConfirm({ job: r.job as Job, day: r.period })}>
                        {t("run")}
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              )}
            </QueryRows>
          </tbody>
        </Table>
        <Pager page={pager.page} hasNext={!!runs.data?.nextCursor} onPrev={pager.prev} onNext={() => runs.data?.nextCursor && pager.next(runs.data.nextCursor)} />
      </Panel>

      <Sheet open={openRun !== null} onClose={() => setOpenRun(null)} side="right" title={openRun ? t("payouts", { id: openRun.id }) : ""} closeLabel={t("closePayouts")}>
        {openRun ? <SettlementPayouts runId={openRun.id} job={openRun.job} /> : null}
      </Sheet>

      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={t("runTitle")}
        actions={
          <>
            <Button variant="neutral" onClick={() => setConfirm(null)}>
              {t("cancel")}
            </Button>
            <Button onClick={() => void onRun()} disabled={runDay.isPending}>
              {t("run")}
            </Button>
          </>
        }
      >
        {confirm ? t("runConfirm", { job: t(`jobs.${confirm.job}`), day: confirm.day }) : null}
      </Dialog>
    </div>
  );
}

/** A run's payouts; the basis is money (winning amount, credit balance) except for the pool, where it is points. */
function SettlementPayouts({ runId, job }: { runId: number; job: string }) {
  const t = useTranslations("admin.settlement");
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const page = useQuery({ ...trpc.admin.settlement.payouts.queryOptions({ runId, cursor: pager.cursor, limit: 50 }), placeholderData: (p) => p });
  const items = page.data?.items ?? [];
  return (
    <>
      <Table label={t("payouts", { id: runId })}>
        <thead>
          <tr>
            <Th>{t("user")}</Th>
            <Th className="text-right">{t("basis")}</Th>
            <Th className="text-right">{t("amount")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={page} items={items} colSpan={3}>
            {(p) => (
              <tr key={p.userId}>
                <Td>
                  {p.displayName ?? p.userId.slice(0, 8)} <span className="tabular text-neutral-500">{p.phone}</span>
                </Td>
                <Td className="tabular text-right">{job === "pool-settlement" ? p.basis : formatFen(p.basis)}</Td>
                <Td className="tabular text-right font-medium">{formatFen(p.amountFen)}</Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!page.data?.nextCursor} onPrev={pager.prev} onNext={() => page.data?.nextCursor && pager.next(page.data.nextCursor)} />
    </>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { ActivityStatusBadge } from "./activity-status-badge";
import { Pager, useCursorPager } from "./pager";
import { FilterTabs } from "./filter-tabs";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

type Status = "active" | "paused" | "ended";
type Action = "pause" | "resume" | "end";
const FILTERS: (Status | "all")[] = ["all", "active", "paused", "ended"];

interface Target {
  id: string;
  name: string;
  taken: number;
  action: Action;
}

/** Every activity with its open group and outcome counts; pause, resume or end after a confirmation. */
export function ActivityList({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("admin.activities");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pager = useCursorPager<string>();
  const [filter, setFilter] = useState<Status | "all">("all");
  const [target, setTarget] = useState<Target | null>(null);
  const list = useQuery({ ...trpc.admin.activities.list.queryOptions({ status: filter === "all" ? undefined : filter, cursor: pager.cursor, limit: 20 }), placeholderData: (prev) => prev });
  const setStatus = useMutation(trpc.admin.activities.setStatus.mutationOptions());

  async function onConfirm() {
    if (!target || setStatus.isPending) return;
    try {
      await setStatus.mutateAsync({ activityId: target.id, action: target.action });
      toast.success(t(`done.${target.action}`, { name: target.name }));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      setTarget(null);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.activities.pathKey() });
    }
  }

  const items = list.data?.items ?? [];
  const cols = 8;
  return (
    <Panel>
      <FilterTabs
        label={t("filterLabel")}
        options={FILTERS}
        value={filter}
        onChange={(f) => {
          setFilter(f);
          pager.reset();
        }}
        renderLabel={(f) => t(`filters.${f}`)}
        className="flex gap-1 border-b border-neutral-100 px-4 pt-3"
      >
        {list.isFetching && !list.isPending ? <Spinner className="ml-auto text-neutral-400" /> : null}
      </FilterTabs>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("name")}</Th>
            <Th>{t("status")}</Th>
            <Th className="text-right">{t("price")}</Th>
            <Th>{t("shape")}</Th>
            <Th>{t("openGroup")}</Th>
            <Th className="text-right">{t("groupsDone")}</Th>
            <Th>{t("createdAt")}</Th>
            <Th className="text-right">{tt("actions")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={cols} empty={filter === "all" ? t("empty") : t("emptyFiltered")}>
            {(a) => (
              <tr key={a.id} data-testid="activity-row" data-name={a.name}>
                <Td className="max-w-72">
                  <Link href={`/admin/activities/${a.id}`} className="block truncate font-medium text-neutral-900 hover:text-brand">
                    {a.name}
                  </Link>
                  <span className="text-xs text-neutral-400">{t("itemCount", { n: a.items })}</span>
                </Td>
                <Td>
                  <ActivityStatusBadge status={a.status} />
                </Td>
                <Td className="tabular text-right font-medium">{formatFen(a.priceFen)}</Td>
                <Td className="whitespace-nowrap text-neutral-700">{t("shapeValue", { n: a.groupSize, k: a.winners })}</Td>
                <Td className="whitespace-nowrap">
                  {a.openGroupNumber !== null && a.openGroupSize !== null && a.openGroupSeatsTaken !== null ? (
                    <span className="flex flex-col">
                      <span className="tabular text-neutral-800">
                        {t("openGroupValue", { number: a.openGroupNumber, taken: a.openGroupSeatsTaken, size: a.openGroupSize })}
                        {a.openGroupOutdated ? (
                          <span className="ml-1.5 rounded bg-amber-50 px-1.5 py-0.5 text-[11px] text-amber-700" title={t("outdatedHint")}>
                            {t("outdated")}
                          </span>
                        ) : null}
                      </span>
                      <span className="text-xs text-brand">{t("seatsLeft", { n: a.openGroupSize - a.openGroupSeatsTaken })}</span>
                    </span>
                  ) : (
                    <span className="text-neutral-400">{t("noOpenGroup")}</span>
                  )}
                </Td>
                <Td className="tabular text-right text-neutral-700">
                  {a.drawnGroups} / {a.dissolvedGroups}
                </Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">{format.dateTime(a.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td className="text-right whitespace-nowrap">
                  <span className="inline-flex items-center gap-1">
                    <Link href={`/admin/activities/${a.id}`} className="rounded px-2 py-1 text-sm text-brand hover:bg-brand/5">
                      {canWrite && a.status !== "ended" ? t("edit") : t("view")}
                    </Link>
                    <Link href={`/admin/groups?activity=${a.id}`} className="rounded px-2 py-1 text-sm text-neutral-600 hover:bg-neutral-100">
                      {t("groups")}
                    </Link>
                    {canWrite && a.status !== "ended" ? (
                      <>
                        <Button size="sm" variant="ghost" onClick={() => setTarget({ id: a.id, name: a.name, taken: a.openGroupSeatsTaken ?? 0, action: a.status === "active" ? "pause" : "resume" })}>
                          {a.status === "active" ? t("pause") : t("resume")}
                        </Button>
                        <Button size="sm" variant="ghost" className="text-brand" onClick={() => setTarget({ id: a.id, name: a.name, taken: a.openGroupSeatsTaken ?? 0, action: "end" })}>
                          {t("end")}
                        </Button>
                      </>
                    ) : null}
                  </span>
                </Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />

      <Dialog
        open={!!target}
        onClose={() => !setStatus.isPending && setTarget(null)}
        title={target ? t(`confirm.${target.action}Title`, { name: target.name }) : ""}
        actions={
          <>
            <Button variant="neutral" onClick={() => setTarget(null)} disabled={setStatus.isPending}>
              {t("confirm.cancel")}
            </Button>
            <Button onClick={onConfirm} loading={setStatus.isPending} data-testid="confirm-status">
              {target ? t(`confirm.${target.action}`) : ""}
            </Button>
          </>
        }
      >
        {target ? <p>{t(`confirm.${target.action}Body`, { taken: target.taken })}</p> : null}
      </Dialog>
    </Panel>
  );
}

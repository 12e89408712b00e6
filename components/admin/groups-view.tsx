"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { translateOr } from "../i18n/dynamic-key";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Spinner } from "../ui/spinner";
import { GroupsProofDrawer, type ProofTarget } from "./groups-proof-drawer";
import { Pager, useCursorPager } from "./pager";
import { FilterTabs } from "./filter-tabs";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

type Status = "open" | "full" | "drawn" | "dissolved";
const FILTERS: (Status | "all")[] = ["all", "open", "full", "drawn", "dissolved"];
const TONE: Record<Status, string> = {
  open: "bg-blue-50 text-blue-700",
  full: "bg-amber-50 text-amber-700",
  drawn: "bg-green-50 text-green-700",
  dissolved: "bg-neutral-100 text-neutral-500",
};

/** Groups of one activity or all, newest first and by group number: state, seats, winners, times, and the public proof. */
export function GroupsView({ activityId }: { activityId: string | null }) {
  const t = useTranslations("admin.groups");
  const ts = useTranslations("admin.groupStatus");
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const pager = useCursorPager<string>();
  const [filter, setFilter] = useState<Status | "all">("all");
  const [proof, setProof] = useState<ProofTarget | null>(null);
  const activities = useQuery(trpc.admin.activities.list.queryOptions({ limit: 100 }));
  const list = useQuery({
    ...trpc.admin.activities.groups.queryOptions({ activityId: activityId ?? undefined, status: filter === "all" ? undefined : filter, cursor: pager.cursor, limit: 20 }),
    placeholderData: (prev) => prev,
  });
  const items = list.data?.items ?? [];
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "short", timeStyle: "medium" }) : "—");
  const cols = 8;

  return (
    <Panel>
      <div className="flex items-end gap-1 border-b border-neutral-100 px-4 pt-3">
        <FilterTabs
          label={t("filterLabel")}
          options={FILTERS}
          value={filter}
          onChange={(f) => {
            setFilter(f);
            pager.reset();
          }}
          renderLabel={(f) => t(`filters.${f}`)}
          className="flex gap-1"
        />
        <label className="mb-1.5 ml-auto flex items-center gap-2 text-sm text-neutral-600">
          {t("activity")}
          <select
            value={activityId ?? ""}
            onChange={(e) => {
              pager.reset();
              router.replace(e.target.value ? `/admin/groups?activity=${e.target.value}` : "/admin/groups");
            }}
            className="h-8 max-w-64 rounded-md border border-neutral-300 bg-white px-2 text-sm"
            data-testid="groups-activity-filter"
          >
            <option value="">{t("allActivities")}</option>
            {activities.data?.items.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        {list.isFetching && !list.isPending ? <Spinner className="mb-3 ml-2 text-neutral-400" /> : null}
      </div>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("activity")}</Th>
            <Th>{t("number")}</Th>
            <Th>{t("status")}</Th>
            <Th className="text-right">{t("seats")}</Th>
            <Th>{t("winners")}</Th>
            <Th>{t("openedAt")}</Th>
            <Th>{t("closedAt")}</Th>
            <Th className="text-right">{t("proof")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={cols} empty={t("empty")}>
            {(g) => (
              <tr key={g.id} data-testid="group-row">
                <Td className="max-w-56">
                  <span className="block truncate text-neutral-900">{g.activityName}</span>
                  <span className="tabular text-xs text-neutral-400">{formatFen(g.priceFen)}</span>
                </Td>
                <Td className="tabular whitespace-nowrap">{t("numberValue", { n: g.number })}</Td>
                <Td className="whitespace-nowrap" data-testid="group-status">
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${TONE[g.status]}`}>{ts(g.status)}</span>
                  {g.status === "dissolved" && g.closeReason ? <span className="mt-1 block text-xs text-neutral-500">{translateOr(t, `closeReason.${g.closeReason}`, g.closeReason)}</span> : null}
                </Td>
                <Td className="tabular text-right whitespace-nowrap" data-testid="group-seats">
                  {/* A dissolved group keeps its entries (refunded): how full it got, and what went back. */}
                  <span className={g.status === "dissolved" ? "text-neutral-500" : undefined}>{t("seatsValue", { taken: g.seatsTaken, size: g.groupSize })}</span>
                  {g.status === "dissolved" ? (
                    <span className="block text-xs text-neutral-400">{g.seatsTaken === 0 ? t("nobodyJoined") : t("refunded", { amount: formatFen(g.refundedFen) })}</span>
                  ) : null}
                </Td>
                <Td className="max-w-64">
                  {g.winnerEntries.length ? (
                    <span className="flex flex-wrap gap-1">
                      {g.winnerEntries.map((w) => (
                        <span key={w.seat} className="rounded bg-brand/5 px-1.5 py-0.5 text-xs text-brand" title={w.userId}>
                          #{w.seat} {w.name}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="text-neutral-300">—</span>
                  )}
                </Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">{when(g.openedAt)}</Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">{when(g.closedAt)}</Td>
                <Td className="text-right whitespace-nowrap">
                  <Button size="sm" variant="ghost" onClick={() => setProof({ groupId: g.id, number: g.number, activityName: g.activityName, proofUrl: g.proofUrl })}>
                    {t("view")}
                  </Button>
                  <a href={g.proofUrl} target="_blank" rel="noreferrer" className="ml-1 rounded px-2 py-1 text-sm text-neutral-500 hover:bg-neutral-100">
                    {t("rawJson")}
                  </a>
                </Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />
      <GroupsProofDrawer target={proof} onClose={() => setProof(null)} />
    </Panel>
  );
}

"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc/react";
import { Button, buttonClass } from "../ui/button";
import { Sheet } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { Pager, useCursorPager } from "./pager";
import { RoleBadge } from "./role-badge";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";
import { translateOr } from "../i18n/dynamic-key";
import type { AuditFilters } from "@/server/domain/audit/list-audit-log";

/** `{"status":"pending","amountFen":20000}` on one line, cut to the cell; the whole value is in the detail. */
function CompactJson({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-neutral-300">—</span>;
  const oneLine = JSON.stringify(value);
  return (
    <code className="block max-w-56 truncate font-mono text-xs text-neutral-700" title={oneLine}>
      {oneLine}
    </code>
  );
}

type Filters = AuditFilters;

const inputClass = "h-9 rounded-md border border-neutral-300 bg-white px-2 text-sm text-neutral-900 outline-none focus:border-neutral-500";

/** Every operator action, newest first: filter by operator, action, target and dates; a row opens its before/after; the filtered rows export as CSV. */
export function AuditView() {
  const t = useTranslations("admin.audit");
  const tt = useTranslations("admin.table");
  const common = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<number>();
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [openId, setOpenId] = useState<number | null>(null);
  const facets = useQuery(trpc.admin.auditFacets.queryOptions());
  const list = useQuery({ ...trpc.admin.auditLog.queryOptions({ ...filters, cursor: pager.cursor, limit: 25 }), placeholderData: (prev) => prev });
  const entry = useQuery(trpc.admin.auditEntry.queryOptions(openId ? { id: openId } : skipToken));
  const items = list.data?.items ?? [];
  const actionLabel = (action: string) => translateOr(t, `actions.${action.replace(/\./g, "_")}`, action);
  const exportHref = `/api/admin/audit/export?${new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1])).toString()}`;

  function apply(e: FormEvent) {
    e.preventDefault();
    const clean = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, typeof v === "string" && v.trim() ? v.trim() : undefined])) as Filters;
    setFilters(clean);
    pager.reset();
  }
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value || undefined }));

  return (
    <Panel>
      <form onSubmit={apply} className="flex flex-wrap items-end gap-3 border-b border-neutral-100 p-4" aria-label={t("filters")}>
        <label className="flex flex-col gap-1 text-xs text-neutral-500">
          {t("actor")}
          <select aria-label={t("actor")} value={draft.actorId ?? ""} onChange={set("actorId")} className={`${inputClass} w-44`}>
            <option value="">{t("any")}</option>
            {(facets.data?.actors ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-neutral-500">
          {t("action")}
          <select aria-label={t("action")} value={draft.action ?? ""} onChange={set("action")} className={`${inputClass} w-44`}>
            <option value="">{t("any")}</option>
            {(facets.data?.actions ?? []).map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-neutral-500">
          {t("targetType")}
          <input aria-label={t("targetType")} value={draft.targetType ?? ""} onChange={set("targetType")} placeholder="user" maxLength={40} className={`${inputClass} w-28`} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-neutral-500">
          {t("targetId")}
          <input aria-label={t("targetId")} value={draft.targetId ?? ""} onChange={set("targetId")} maxLength={100} className={`${inputClass} w-72 font-mono`} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-neutral-500">
          {t("from")}
          <input type="date" aria-label={t("from")} value={draft.from ?? ""} onChange={set("from")} className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-xs text-neutral-500">
          {t("to")}
          <input type="date" aria-label={t("to")} value={draft.to ?? ""} onChange={set("to")} className={inputClass} />
        </label>
        <Button type="submit" size="sm" variant="secondary">
          {t("apply")}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setDraft({});
            setFilters({});
            pager.reset();
          }}
        >
          {t("reset")}
        </Button>
        <a href={exportHref} download className={buttonClass("neutral", "sm", "ml-auto")} data-testid="audit-export">
          {t("export")}
        </a>
        {list.isFetching && !list.isPending ? <Spinner className="text-neutral-400" /> : null}
      </form>
      {list.isError ? <p className="px-4 pt-3 text-sm text-brand">{list.error.message}</p> : null}
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("time")}</Th>
            <Th>{t("actor")}</Th>
            <Th>{t("action")}</Th>
            <Th>{t("target")}</Th>
            <Th>{t("before")}</Th>
            <Th>{t("after")}</Th>
            <Th>{t("ip")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={7}>
            {(a) => (
              <tr key={a.id} className="cursor-pointer hover:bg-neutral-50" onClick={() => setOpenId(a.id)} data-testid="audit-row">
                <Td className="tabular whitespace-nowrap text-neutral-500">{format.dateTime(a.createdAt, { dateStyle: "short", timeStyle: "medium" })}</Td>
                <Td className="whitespace-nowrap">
                  <RoleBadge role={a.actorRole} />
                  <span className="ml-1.5 text-sm" title={a.actorId}>
                    {a.actorName ?? a.actorId.slice(0, 8)}
                  </span>
                </Td>
                <Td className="whitespace-nowrap font-medium">{actionLabel(a.action)}</Td>
                <Td className="whitespace-nowrap">
                  <span className="text-neutral-500">{a.targetType}</span>
                  <span className="ml-1 font-mono text-xs" title={a.targetId}>
                    {a.targetId.length > 12 ? a.targetId.slice(0, 8) : a.targetId}
                  </span>
                </Td>
                <Td>
                  <CompactJson value={a.before} />
                </Td>
                <Td>
                  <CompactJson value={a.after} />
                </Td>
                <Td className="font-mono text-xs text-neutral-500">{a.ip}</Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />

      <Sheet open={openId !== null} onClose={() => setOpenId(null)} side="right" width="max-w-2xl" title={entry.data ? actionLabel(entry.data.action) : t("detail")} closeLabel={common("close")}>
        {entry.isPending ? (
          <div className="flex justify-center py-16 text-neutral-400">
            <Spinner label={tt("loading")} />
          </div>
        ) : entry.isError ? (
          <p className="p-6 text-sm text-brand">{entry.error.message}</p>
        ) : (
          <div className="flex flex-col gap-5 p-5" data-testid="audit-detail">
            <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm">
              <div>
                <dt className="text-xs text-neutral-500">{t("time")}</dt>
                <dd className="tabular mt-0.5">{format.dateTime(entry.data.createdAt, { dateStyle: "medium", timeStyle: "medium" })}</dd>
              </div>
              <div>
                <dt className="text-xs text-neutral-500">{t("actor")}</dt>
                <dd className="mt-0.5">
                  {entry.data.actorName ?? "—"} <RoleBadge role={entry.data.actorRole} />
                </dd>
              </div>
              <div>
                <dt className="text-xs text-neutral-500">{t("target")}</dt>
                <dd className="mt-0.5 font-mono text-xs break-all">
                  {entry.data.targetType}:{entry.data.targetId}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-neutral-500">{t("ip")}</dt>
                <dd className="mt-0.5 font-mono text-xs">{entry.data.ip}</dd>
              </div>
            </dl>
            <div className="grid grid-cols-2 gap-4">
              {(["before", "after"] as const).map((k) => (
                <section key={k}>
                  <h3 className="mb-1.5 text-xs font-medium text-neutral-500">{t(k)}</h3>
                  <pre className="max-h-[60vh] overflow-auto rounded-md bg-neutral-50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all text-neutral-800">
                    {entry.data[k] === null || entry.data[k] === undefined ? "—" : JSON.stringify(entry.data[k], null, 2)}
                  </pre>
                </section>
              ))}
            </div>
          </div>
        )}
      </Sheet>
    </Panel>
  );
}

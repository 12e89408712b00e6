"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "../trpc/react";
import { Pager, useCursorPager } from "./pager";
import { RoleBadge } from "./role-badge";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";
import { translateOr } from "../i18n/dynamic-key";

/** `{"status":"pending","amountFen":20000}` on one line; the full value on hover and when expanded. */
function CompactJson({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-neutral-300">—</span>;
  const oneLine = JSON.stringify(value);
  if (oneLine.length <= 30) return <code className="block font-mono text-xs whitespace-nowrap text-neutral-700">{oneLine}</code>;
  return (
    <details className="max-w-56">
      <summary className="block cursor-pointer truncate font-mono text-xs text-neutral-700 marker:content-none" title={oneLine}>
        {oneLine}
      </summary>
      <pre className="mt-1 max-h-64 w-72 overflow-auto rounded bg-neutral-50 p-2 font-mono text-[11px] leading-relaxed text-neutral-700">{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

/** Every operator action, newest first, with what it changed. */
export function AuditView() {
  const t = useTranslations("admin.audit");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<number>();
  const list = useQuery({ ...trpc.admin.auditLog.queryOptions({ cursor: pager.cursor, limit: 25 }), placeholderData: (prev) => prev });
  const items = list.data?.items ?? [];
  const actionLabel = (action: string) => translateOr(t, `actions.${action.replace(/\./g, "_")}`, action);
  return (
    <Panel>
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
              <tr key={a.id} className="align-top">
                <Td className="tabular whitespace-nowrap text-neutral-500">{format.dateTime(a.createdAt, { dateStyle: "short", timeStyle: "medium" })}</Td>
                <Td className="whitespace-nowrap">
                  <RoleBadge role={a.actorRole} />
                  <span className="ml-1.5 font-mono text-xs text-neutral-400" title={a.actorId}>
                    {a.actorId.slice(0, 8)}
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
    </Panel>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { SearchIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { Pager, useCursorPager } from "./pager";
import { RoleBadge } from "./role-badge";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";
import { UserDrawer } from "./user-drawer";

const PAGE_SIZE = 20;

/** Users: search by number, name or code; newest first; a row opens the balances-and-ledger drawer. */
export function UsersView() {
  const t = useTranslations("admin.users");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.admin.users.queryOptions({ query: query || undefined, cursor: pager.cursor, limit: PAGE_SIZE }),
    placeholderData: (prev) => prev,
  });

  function onSearch(e: FormEvent) {
    e.preventDefault();
    setQuery(draft.trim());
    pager.reset();
  }

  const items = list.data?.items ?? [];
  return (
    <Panel>
      <form onSubmit={onSearch} className="flex items-center gap-2 border-b border-neutral-100 p-4">
        <label className="flex h-9 w-80 items-center gap-2 rounded-md border border-neutral-300 bg-white px-3 focus-within:border-neutral-500">
          <SearchIcon size={16} className="text-neutral-400" />
          <input value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={40} placeholder={t("searchPlaceholder")} aria-label={t("searchPlaceholder")} className="h-full w-full bg-transparent text-sm outline-none" />
        </label>
        <Button type="submit" size="sm" variant="secondary">
          {t("search")}
        </Button>
        {query ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setDraft("");
              setQuery("");
              pager.reset();
            }}
          >
            {t("clear")}
          </Button>
        ) : null}
        {list.isFetching && !list.isPending ? <Spinner className="ml-2 text-neutral-400" /> : null}
      </form>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("name")}</Th>
            <Th>{t("phone")}</Th>
            <Th>{t("role")}</Th>
            <Th>{t("code")}</Th>
            <Th className="text-right">{t("cash")}</Th>
            <Th>{t("createdAt")}</Th>
            <Th>{t("status")}</Th>
            <Th className="text-right">{tt("actions")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={8} empty={query ? t("noMatch", { query }) : tt("empty")}>
            {(u) => (
              <tr key={u.id} className="cursor-pointer hover:bg-neutral-50" onClick={() => setOpenId(u.id)}>
                <Td className="font-medium">{u.displayName}</Td>
                <Td className="tabular">{u.phone}</Td>
                <Td>
                  <RoleBadge role={u.role} />
                </Td>
                <Td className="font-mono text-xs">{u.referralCode}</Td>
                <Td className="tabular text-right">{formatFen(u.cashFen)}</Td>
                <Td className="tabular text-neutral-500">{format.dateTime(u.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td>{u.frozen ? <span className="text-brand">{t("frozen")}</span> : <span className="text-neutral-500">{t("active")}</span>}</Td>
                <Td className="text-right">
                  <button type="button" className="text-sm text-blue-600 hover:underline" onClick={() => setOpenId(u.id)}>
                    {t("details")}
                  </button>
                </Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />
      <UserDrawer userId={openId} onClose={() => setOpenId(null)} />
    </Panel>
  );
}

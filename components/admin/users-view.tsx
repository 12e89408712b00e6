"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
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

const PAGE_SIZE = 20;
type Tri = "any" | "yes" | "no";
const TRI: Tri[] = ["any", "yes", "no"];
const triValue = (v: Tri) => (v === "any" ? undefined : v === "yes");

/** A labelled select of any / yes / no for one filter. */
function TriSelect({ label, value, onChange, yes, no }: { label: string; value: Tri; onChange: (v: Tri) => void; yes: string; no: string }) {
  const t = useTranslations("admin.users");
  return (
    <label className="flex items-center gap-2 text-sm text-neutral-600">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Tri)} className="h-9 rounded-md border border-neutral-300 bg-white px-2 text-sm text-neutral-900 outline-none focus:border-neutral-500">
        {TRI.map((o) => (
          <option key={o} value={o}>
            {o === "any" ? t("filterAny") : o === "yes" ? yes : no}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Users: search by number, id, code or name; filter by freeze, promoter validity and balance; newest first; a row opens the user's page. */
export function UsersView() {
  const t = useTranslations("admin.users");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const pager = useCursorPager<string>();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const [frozen, setFrozen] = useState<Tri>("any");
  const [promoter, setPromoter] = useState<Tri>("any");
  const [hasBalance, setHasBalance] = useState<Tri>("any");
  const list = useQuery({
    ...trpc.admin.users.queryOptions({ query: query || undefined, frozen: triValue(frozen), promoter: triValue(promoter), hasBalance: triValue(hasBalance), cursor: pager.cursor, limit: PAGE_SIZE }),
    placeholderData: (prev) => prev,
  });
  const filtered = !!query || frozen !== "any" || promoter !== "any" || hasBalance !== "any";

  function onSearch(e: FormEvent) {
    e.preventDefault();
    setQuery(draft.trim());
    pager.reset();
  }
  const filter = (set: (v: Tri) => void) => (v: Tri) => {
    set(v);
    pager.reset();
  };
  const open = (id: string) => router.push(`/admin/users/${id}`);

  const items = list.data?.items ?? [];
  return (
    <Panel>
      <form onSubmit={onSearch} className="flex flex-wrap items-center gap-x-5 gap-y-3 border-b border-neutral-100 p-4">
        <div className="flex items-center gap-2">
          <label className="flex h-9 w-80 items-center gap-2 rounded-md border border-neutral-300 bg-white px-3 focus-within:border-neutral-500">
            <SearchIcon size={16} className="text-neutral-400" />
            <input value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={40} placeholder={t("searchPlaceholder")} aria-label={t("searchPlaceholder")} className="h-full w-full bg-transparent text-sm outline-none" />
          </label>
          <Button type="submit" size="sm" variant="secondary">
            {t("search")}
          </Button>
        </div>
        <TriSelect label={t("filterFrozen")} value={frozen} onChange={filter(setFrozen)} yes={t("frozen")} no={t("active")} />
        <TriSelect label={t("filterPromoter")} value={promoter} onChange={filter(setPromoter)} yes={t("promoterYes")} no={t("promoterNo")} />
        <TriSelect label={t("filterBalance")} value={hasBalance} onChange={filter(setHasBalance)} yes={t("balanceYes")} no={t("balanceNo")} />
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setDraft("");
              setQuery("");
              setFrozen("any");
              setPromoter("any");
              setHasBalance("any");
              pager.reset();
            }}
          >
            {t("clear")}
          </Button>
        ) : null}
        {list.isFetching && !list.isPending ? <Spinner className="text-neutral-400" /> : null}
      </form>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("name")}</Th>
            <Th>{t("phone")}</Th>
            <Th>{t("role")}</Th>
            <Th>{t("code")}</Th>
            <Th className="text-right">{t("cash")}</Th>
            <Th>{t("promoter")}</Th>
            <Th>{t("createdAt")}</Th>
            <Th>{t("status")}</Th>
            <Th className="text-right">{tt("actions")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={9} empty={query ? t("noMatch", { query }) : tt("empty")}>
            {(u) => (
              <tr key={u.id} className="cursor-pointer hover:bg-neutral-50" onClick={() => open(u.id)} data-testid="user-row">
                <Td className="font-medium">{u.displayName}</Td>
                <Td className="tabular">{u.phone}</Td>
                <Td>
                  <RoleBadge role={u.role} />
                </Td>
                <Td className="font-mono text-xs">{u.referralCode}</Td>
                <Td className="tabular text-right">{formatFen(u.cashFen)}</Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">
                  {u.promoterValid && u.promoterValidUntil ? t("promoterUntil", { date: format.dateTime(u.promoterValidUntil, { month: "short", day: "numeric" }) }) : "—"}
                </Td>
                <Td className="tabular text-neutral-500">{format.dateTime(u.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td>
                  {u.frozen ? (
                    <span className="inline-flex h-5 items-center rounded bg-red-50 px-1.5 text-xs text-brand" title={u.frozenReason ?? undefined}>
                      {t("frozen")}
                    </span>
                  ) : (
                    <span className="text-neutral-500">{t("active")}</span>
                  )}
                </Td>
                <Td className="text-right">
                  <button type="button" className="text-sm text-blue-600 hover:underline" onClick={() => open(u.id)}>
                    {t("details")}
                  </button>
                </Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />
    </Panel>
  );
}

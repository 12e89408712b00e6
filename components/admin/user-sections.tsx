"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { translateOr } from "../i18n/dynamic-key";
import { formatAssetAmount, formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { assetName } from "../wallet/asset-names";
import { useReasonLabel } from "../wallet/use-reason-label";
import { WithdrawalStatus } from "../wallet/withdrawal-status";
import { FilterTabs } from "./filter-tabs";
import { Pager, useCursorPager } from "./pager";
import { QueryRows } from "./query-rows";
import { Table, Td, Th } from "./table";
import type { DisplayNames } from "@/server/domain/settings/platform-settings";

export const USER_SECTIONS = ["ledger", "entries", "orders", "withdrawals", "downline"] as const;
export type UserSection = (typeof USER_SECTIONS)[number];
const PAGE = 10;

/** A section's table: its head, the page's rows (loading, error and empty drawn), and keyset paging under it. */
function PagedTable<T, C>({
  label,
  query,
  pager,
  head,
  empty,
  children,
}: {
  label: string;
  query: { isPending: boolean; isError: boolean; error: { message: string } | null; data?: { items: T[]; nextCursor: C | null } };
  pager: { page: number; prev: () => void; next: (c: C) => void };
  head: ReactNode[];
  empty: string;
  children: (item: T) => ReactNode;
}) {
  const next = query.data?.nextCursor ?? null;
  const columns = head.filter(Boolean);
  return (
    <>
      <Table label={label}>
        <thead>
          <tr>{columns}</tr>
        </thead>
        <tbody>
          <QueryRows query={query} items={query.data?.items ?? []} colSpan={columns.length} empty={empty}>
            {children}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={next !== null} onPrev={pager.prev} onNext={() => next !== null && pager.next(next)} />
    </>
  );
}

const when = (format: ReturnType<typeof useFormatter>, d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short" });

/** The ledger, newest first, with each entry's reason (and an adjustment's note). */
function LedgerSection({ userId, names }: { userId: string; names?: DisplayNames }) {
  const t = useTranslations("admin.userDetail");
  const format = useFormatter();
  const locale = useLocale();
  const reasonLabel = useReasonLabel();
  const trpc = useTRPC();
  const pager = useCursorPager<number>();
  const list = useQuery({ ...trpc.admin.user.ledger.queryOptions({ userId, cursor: pager.cursor, limit: PAGE }), placeholderData: (p) => p });
  return (
    <>
      <PagedTable label={t("tabs.ledger")} query={list} pager={pager} empty={t("ledgerEmpty")} head={[<Th key="h0">{t("time")}</Th>, <Th key="h1">{t("asset")}</Th>, <Th key="h2">{t("reason")}</Th>, <Th key="h3">{t("ref")}</Th>, <Th key="h4" className="text-right">{t("amount")}</Th>]}>
            {(e) => (
              <tr key={e.id} data-testid="ledger-row">
                <Td className="tabular whitespace-nowrap text-neutral-500">{when(format, e.createdAt)}</Td>
                <Td>{names ? assetName(names, e.asset, locale) : e.asset}</Td>
                <Td>
                  {reasonLabel(e.reason)}
                  {e.note ? <span className="ml-2 text-neutral-500">“{e.note}”</span> : null}
                </Td>
                <Td className="max-w-40 truncate font-mono text-xs text-neutral-400" title={`${e.refType}:${e.refId}`}>
                  {e.refType}:{e.refId.slice(0, 8)}
                </Td>
                <Td className={`tabular text-right font-medium whitespace-nowrap ${e.amount > 0 ? "text-green-600" : "text-neutral-600"}`}>{formatAssetAmount(e.asset, e.amount, { sign: "always" })}</Td>
              </tr>
            )}
      </PagedTable>
    </>
  );
}

/** Group entries with their group's state and outcome. */
function EntriesSection({ userId }: { userId: string }) {
  const t = useTranslations("admin.userDetail");
  const te = useTranslations("entries.state");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const list = useQuery({ ...trpc.admin.user.entries.queryOptions({ userId, cursor: pager.cursor, limit: PAGE }), placeholderData: (p) => p });
  return (
    <>
      <PagedTable label={t("tabs.entries")} query={list} pager={pager} empty={t("entriesEmpty")} head={[<Th key="h0">{t("time")}</Th>, <Th key="h1">{t("activity")}</Th>, <Th key="h2">{t("group")}</Th>, <Th key="h3" className="text-right">{t("price")}</Th>, <Th key="h4">{t("outcome")}</Th>, <Th key="h5" className="text-right">{t("net")}</Th>]}>
            {(e) => (
              <tr key={e.id}>
                <Td className="tabular whitespace-nowrap text-neutral-500">{when(format, e.createdAt)}</Td>
                <Td className="font-medium">{e.activityName}</Td>
                <Td className="tabular text-neutral-600">{t("groupSeat", { number: e.groupNumber, seat: e.seat })}</Td>
                <Td className="tabular text-right">{formatFen(e.priceFen)}</Td>
                <Td>
                  {e.outcome ? (
                    <span className={e.outcome === "won" ? "font-medium text-brand" : "text-neutral-600"}>{te(e.outcome)}</span>
                  ) : (
                    <span className="text-neutral-500">{te("open", { taken: e.seatsTaken, n: e.groupSize })}</span>
                  )}
                </Td>
                <Td className="tabular text-right text-xs whitespace-nowrap text-neutral-600">
                  {Object.entries(e.rewards)
                    .filter(([, v]) => v !== 0)
                    .map(([asset, v]) => formatAssetAmount(asset, v, { sign: "always" }))
                    .join(" · ") || "—"}
                </Td>
              </tr>
            )}
      </PagedTable>
    </>
  );
}

function OrdersSection({ userId }: { userId: string }) {
  const t = useTranslations("admin.userDetail");
  const to = useTranslations("admin.orders");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const list = useQuery({ ...trpc.admin.user.orders.queryOptions({ userId, cursor: pager.cursor, limit: PAGE }), placeholderData: (p) => p });
  return (
    <>
      <PagedTable label={t("tabs.orders")} query={list} pager={pager} empty={t("ordersEmpty")} head={[<Th key="h0">{t("time")}</Th>, <Th key="h1">{t("order")}</Th>, <Th key="h2">{t("items")}</Th>, <Th key="h3" className="text-right">{t("amount")}</Th>, <Th key="h4">{t("status")}</Th>]}>
            {(o) => (
              <tr key={o.id}>
                <Td className="tabular whitespace-nowrap text-neutral-500">{when(format, o.createdAt)}</Td>
                <Td className="font-mono text-xs">{o.id.slice(0, 8)}</Td>
                <Td className="max-w-72 truncate">{o.items.map((i) => `${i.name} ×${i.quantity}`).join("，")}</Td>
                <Td className="tabular text-right">{o.payWith === "points" ? formatAssetAmount(o.pointsAsset ?? "mallPoints", o.points) : formatFen(o.itemsTotalFen)}</Td>
                <Td>{translateOr(to, `filters.${o.status}`, o.status)}</Td>
              </tr>
            )}
      </PagedTable>
    </>
  );
}

function WithdrawalsSection({ userId, frozen }: { userId: string; frozen: boolean }) {
  const t = useTranslations("admin.userDetail");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const list = useQuery({ ...trpc.admin.user.withdrawals.queryOptions({ userId, cursor: pager.cursor, limit: PAGE }), placeholderData: (p) => p });
  const waiting = frozen && (list.data?.items ?? []).some((w) => w.status === "pending");
  return (
    <>
      {waiting ? <p className="mx-4 mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">{t("withdrawalsWait")}</p> : null}
      <PagedTable label={t("tabs.withdrawals")} query={list} pager={pager} empty={t("withdrawalsEmpty")} head={[<Th key="h0">{t("time")}</Th>, <Th key="h1" className="text-right">{t("amount")}</Th>, <Th key="h2">{t("status")}</Th>, <Th key="h3">{t("decidedAt")}</Th>, <Th key="h4">{t("note")}</Th>]}>
            {(w) => (
              <tr key={w.id}>
                <Td className="tabular whitespace-nowrap text-neutral-500">{when(format, w.createdAt)}</Td>
                <Td className="tabular text-right font-medium">{formatFen(w.amountFen)}</Td>
                <Td>
                  <WithdrawalStatus status={w.status} />
                </Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">{w.decidedAt ? when(format, w.decidedAt) : "—"}</Td>
                <Td className="max-w-56 truncate text-neutral-500">{w.decisionNote ?? "—"}</Td>
              </tr>
            )}
      </PagedTable>
    </>
  );
}

/** Level 1 or 2 of the people this user brought in. */
function DownlineSection({ userId, counts }: { userId: string; counts: { l1: number; l2: number } }) {
  const t = useTranslations("admin.userDetail");
  const tu = useTranslations("admin.users");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const [level, setLevel] = useState<"1" | "2">("1");
  const list = useQuery({ ...trpc.admin.user.downline.queryOptions({ userId, level: level === "1" ? 1 : 2, cursor: pager.cursor, limit: PAGE }), placeholderData: (p) => p });
  return (
    <>
      <FilterTabs
        label={t("tabs.downline")}
        options={["1", "2"] as const}
        value={level}
        onChange={(l) => {
          setLevel(l);
          pager.reset();
        }}
        renderLabel={(l) => (l === "1" ? t("downlineL1", { count: counts.l1 }) : t("downlineL2", { count: counts.l2 }))}
        className="flex gap-1 border-b border-neutral-100 px-4"
      />
      <PagedTable label={t("tabs.downline")} query={list} pager={pager} empty={t("downlineEmpty")} head={[<Th key="h0">{tu("name")}</Th>, <Th key="h1">{tu("phone")}</Th>, <Th key="h2">{tu("code")}</Th>, level === "2" ? <Th key="via">{t("via")}</Th> : null, <Th key="h4">{tu("createdAt")}</Th>, <Th key="h5">{tu("status")}</Th>]}>
            {(d) => (
              <tr key={d.id}>
                <Td>
                  <Link href={`/admin/users/${d.id}`} className="font-medium text-blue-600 hover:underline">
                    {d.displayName}
                  </Link>
                </Td>
                <Td className="tabular">{d.phone}</Td>
                <Td className="font-mono text-xs">{d.referralCode}</Td>
                {level === "2" ? <Td>{d.viaName}</Td> : null}
                <Td className="tabular text-neutral-500">{when(format, d.createdAt)}</Td>
                <Td>{d.frozen ? <span className="text-brand">{tu("frozen")}</span> : <span className="text-neutral-500">{tu("active")}</span>}</Td>
              </tr>
            )}
      </PagedTable>
    </>
  );
}

/** The detail page's tabs; each section loads its own first page when opened. */
export function UserSections({ userId, frozen, counts, names }: { userId: string; frozen: boolean; counts: { l1: number; l2: number }; names?: DisplayNames }) {
  const t = useTranslations("admin.userDetail");
  const [tab, setTab] = useState<UserSection>("ledger");
  return (
    <>
      <FilterTabs label={t("sections")} options={USER_SECTIONS} value={tab} onChange={setTab} renderLabel={(s) => t(`tabs.${s}`)} className="flex gap-1 border-b border-neutral-200 px-4 pt-2" />
      {tab === "ledger" ? <LedgerSection userId={userId} names={names} /> : null}
      {tab === "entries" ? <EntriesSection userId={userId} /> : null}
      {tab === "orders" ? <OrdersSection userId={userId} /> : null}
      {tab === "withdrawals" ? <WithdrawalsSection userId={userId} frozen={frozen} /> : null}
      {tab === "downline" ? <DownlineSection userId={userId} counts={counts} /> : null}
    </>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import type { PaymentProviderName } from "@/db/schema";
import { translateOr } from "../i18n/dynamic-key";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Pager, useCursorPager } from "./pager";
import { ProviderBadge, ProviderRef } from "./provider-badge";
import { FilterSelect, PAYMENT_STATUS_OPTIONS, ProviderFilter } from "./provider-filters";
import { QueryRows } from "./query-rows";
import { Table, Td, Th } from "./table";

type PaymentStatus = (typeof PAYMENT_STATUS_OPTIONS)[number];

const STATUS_TONE: Record<PaymentStatus, string> = {
  pending: "text-neutral-500",
  paid: "text-emerald-700",
  review: "text-amber-700",
  failed: "text-neutral-400",
  refunded: "text-sky-700",
  dismissed: "text-neutral-400",
};

/** Every payment, newest first: who paid what through which provider, under which transaction id, filtered by provider and status. */
export function PaymentsList() {
  const t = useTranslations("admin.payments");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const [provider, setProvider] = useState<PaymentProviderName | "">("");
  const [status, setStatus] = useState<PaymentStatus | "">("");
  const list = useQuery({
    ...trpc.admin.payments.list.queryOptions({ provider: provider || undefined, status: status || undefined, cursor: pager.cursor, limit: 20 }),
    placeholderData: (p) => p,
  });
  const items = list.data?.items ?? [];
  const when = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short" });
  return (
    <>
      <div className="flex flex-wrap items-center gap-4 border-b border-neutral-100 px-4 py-3">
        <ProviderFilter
          value={provider}
          onChange={(v) => {
            setProvider(v);
            pager.reset();
          }}
        />
        <FilterSelect
          label={t("status")}
          value={status}
          options={PAYMENT_STATUS_OPTIONS}
          allLabel={t("allStatuses")}
          renderOption={(s) => t(`statuses.${s}`)}
          onChange={(v) => {
            setStatus(v);
            pager.reset();
          }}
          testId="payment-status-filter"
        />
      </div>
      <Table label={t("tabs.all")}>
        <thead>
          <tr>
            <Th>{t("createdAt")}</Th>
            <Th>{t("user")}</Th>
            <Th>{t("purpose")}</Th>
            <Th>{t("provider")}</Th>
            <Th className="text-right">{t("amountPaid")}</Th>
            <Th>{t("status")}</Th>
            <Th>{t("txn")}</Th>
            <Th>{t("storeOrder")}</Th>
            <Th>{t("paidAt")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={9} empty={t("emptyAll")}>
            {(p) => (
              <tr key={p.id} data-testid="payment-row" data-payment-id={p.id} data-provider={p.provider}>
                <Td className="tabular whitespace-nowrap text-neutral-500">
                  {when(p.createdAt)}
                  <div className="font-mono text-xs text-neutral-400" title={p.id}>
                    {p.id.slice(0, 8)}
                  </div>
                </Td>
                <Td className="whitespace-nowrap">
                  <span className="font-medium">{p.displayName}</span>
                  <div className="tabular text-neutral-500">{p.phone}</div>
                </Td>
                <Td className="whitespace-nowrap text-neutral-600">{translateOr(t, `purposes.${p.purpose}`, p.purpose)}</Td>
                <Td>
                  <ProviderBadge provider={p.provider} />
                </Td>
                <Td className="tabular whitespace-nowrap text-right font-medium">{formatFen(p.amountFen)}</Td>
                <Td className={`whitespace-nowrap ${STATUS_TONE[p.status]}`} data-testid="payment-status">
                  {t(`statuses.${p.status}`)}
                </Td>
                <Td className="max-w-52" data-testid="payment-txn">
                  <ProviderRef value={p.gatewayTxnId} />
                </Td>
                <Td className="max-w-28">
                  <ProviderRef value={p.orderId} />
                </Td>
                <Td className="tabular whitespace-nowrap text-neutral-500">{p.paidAt ? when(p.paidAt) : "—"}</Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />
    </>
  );
}

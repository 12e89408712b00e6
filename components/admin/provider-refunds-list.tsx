"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import type { PaymentProviderName } from "@/db/schema";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { toast } from "../ui/toast";
import { Pager, useCursorPager } from "./pager";
import { ProviderBadge, ProviderRef } from "./provider-badge";
import { FilterSelect, ProviderFilter, REFUND_STATUS_OPTIONS } from "./provider-filters";
import { QueryRows } from "./query-rows";
import { Table, Td, Th } from "./table";

type RefundStatus = (typeof REFUND_STATUS_OPTIONS)[number];

const STATUS_TONE: Record<RefundStatus, string> = {
  pending: "bg-neutral-100 text-neutral-700",
  processing: "bg-amber-50 text-amber-800",
  succeeded: "bg-emerald-50 text-emerald-700",
  failed: "bg-red-50 text-red-700",
};

/**
 * Store refunds sent back through Alipay or WeChat Pay: where each stands, what it belongs to, the
 * provider's refund id and, when refused, why (the money then went to the buyer's cash). Finance may
 * ask the provider about an open one now, as the payments.sync job does every minute.
 */
export function ProviderRefundsList({ canAsk, orderId, onClearOrder }: { canAsk: boolean; orderId?: string; onClearOrder: () => void }) {
  const t = useTranslations("admin.payments");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const pager = useCursorPager<string>();
  const [status, setStatus] = useState<RefundStatus | "">("");
  const [provider, setProvider] = useState<PaymentProviderName | "">("");
  const list = useQuery({
    ...trpc.admin.payments.refunds.queryOptions({ status: status || undefined, provider: provider || undefined, orderId, cursor: pager.cursor, limit: 20 }),
    placeholderData: (p) => p,
  });
  const ask = useMutation(trpc.admin.payments.askRefund.mutationOptions());
  const items = list.data?.items ?? [];
  const when = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "short" });

  async function askNow(refundId: string) {
    try {
      const r = await ask.mutateAsync({ refundId });
      const said = t(`refundStatuses.${r.status}`);
      if (r.changed) toast.success(t("askChanged", { status: said }));
      else toast.success(t("askUnchanged", { status: said }));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      await qc.invalidateQueries({ queryKey: trpc.admin.payments.pathKey() });
    }
  }

  return (
    <>
      <div className="flex flex-wrap items-center gap-4 border-b border-neutral-100 px-4 py-3">
        <FilterSelect
          label={t("refundStatus")}
          value={status}
          options={REFUND_STATUS_OPTIONS}
          allLabel={t("allStatuses")}
          renderOption={(s) => t(`refundStatuses.${s}`)}
          onChange={(v) => {
            setStatus(v);
            pager.reset();
          }}
          testId="refund-status-filter"
        />
        <ProviderFilter
          value={provider}
          onChange={(v) => {
            setProvider(v);
            pager.reset();
          }}
        />
        {orderId ? (
          <span className="inline-flex h-9 items-center gap-2 rounded-md bg-neutral-100 pl-3 text-sm text-neutral-700" data-testid="refund-order-filter">
            {t("forOrder", { order: orderId.slice(0, 8) })}
            <button type="button" onClick={onClearOrder} className="h-9 px-3 text-neutral-500 hover:text-neutral-900" aria-label={t("clearOrder")}>
              ×
            </button>
          </span>
        ) : null}
        <p className="ml-auto text-xs text-neutral-500">{t("refundsNote")}</p>
      </div>
      <Table label={t("tabs.refunds")}>
        <thead>
          <tr>
            <Th>{t("refundCreatedAt")}</Th>
            <Th>{t("refundStatus")}</Th>
            <Th>{t("provider")}</Th>
            <Th className="text-right">{t("refundAmount")}</Th>
            <Th>{t("user")}</Th>
            <Th>{t("orderAndRefund")}</Th>
            <Th>{t("providerRefundId")}</Th>
            <Th>{t("finishedAt")}</Th>
            {canAsk ? <Th className="text-right">{tt("actions")}</Th> : null}
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={canAsk ? 9 : 8} empty={t("emptyRefunds")}>
            {(r) => {
              const open = r.status === "pending" || r.status === "processing";
              return (
                <tr key={r.id} data-testid="provider-refund" data-refund-id={r.id} data-status={r.status} className="align-top">
                  <Td className="tabular whitespace-nowrap text-neutral-500">
                    {when(r.createdAt)}
                    <div className="font-mono text-xs text-neutral-400" title={r.id}>
                      {r.id.slice(0, 8)}
                    </div>
                  </Td>
                  <Td>
                    <span data-testid="refund-status" className={`inline-flex h-6 items-center whitespace-nowrap rounded px-2 text-xs font-medium ${STATUS_TONE[r.status]}`}>
                      {t(`refundStatuses.${r.status}`)}
                    </span>
                  </Td>
                  <Td>
                    <ProviderBadge provider={r.provider} />
                  </Td>
                  <Td className="tabular whitespace-nowrap text-right font-medium">{formatFen(r.amountFen)}</Td>
                  <Td className="whitespace-nowrap">
                    <span className="font-medium">{r.displayName}</span>
                    <div className="tabular text-neutral-500">{r.phone}</div>
                  </Td>
                  <Td className="max-w-44 text-xs">
                    {r.kind === "held_payment" ? (
                      <div className="text-neutral-500" data-testid="refund-held-payment">
                        {t("heldPaymentRefund")}
                      </div>
                    ) : (
                      <>
                        <div className="flex gap-1 text-neutral-500">
                          <span className="shrink-0">{t("orderShort")}</span>
                          <ProviderRef value={r.orderId} />
                        </div>
                        <div className="flex gap-1 text-neutral-500">
                          <span className="shrink-0">{t("refundShort")}</span>
                          <ProviderRef value={r.orderRefundId} />
                        </div>
                      </>
                    )}
                  </Td>
                  <Td className="max-w-60">
                    <ProviderRef value={r.providerRefundId} />
                    {r.failureReason ? (
                      <p className="mt-1 text-xs text-red-700" data-testid="refund-failure">
                        {t("refundFailedWith", { reason: r.failureReason })}
                      </p>
                    ) : null}
                  </Td>
                  <Td className="tabular whitespace-nowrap text-neutral-500">{r.finishedAt ? when(r.finishedAt) : "—"}</Td>
                  {canAsk ? (
                    <Td className="text-right">
                      {open ? (
                        <Button size="sm" variant="outline" loading={ask.isPending && ask.variables.refundId === r.id} disabled={ask.isPending} onClick={() => void askNow(r.id)} data-testid="refund-ask">
                          {t("askNow")}
                        </Button>
                      ) : (
                        <span className="text-neutral-400">—</span>
                      )}
                    </Td>
                  ) : null}
                </tr>
              );
            }}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />
    </>
  );
}

"use client";

import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { orderStage, type OrderStage } from "@/server/domain/store/order-stage";
import { newEntryId } from "../activities/new-entry-id";
import { SHIP_FIELDS, ShipFieldsSchema, type ShipField } from "@/server/domain/store/ship-rules";
import { checkFields, useValidationT } from "../errors/check-fields";
import { errorForField, readError } from "../errors/read-error";
import { formatFen, formatPoints } from "../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { OrderStatusBadge } from "../store/order-status";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { Dialog, Sheet } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import type { PaymentProviderName } from "@/db/schema";
import { FilterTabs } from "./filter-tabs";
import { ProviderBadge, ProviderRef } from "./provider-badge";
import { ProviderFilter } from "./provider-filters";
import { Pager, useCursorPager } from "./pager";
import { SearchBox } from "./search-box";
import { Panel, Table, Td, Th } from "./table";
import { QueryRows } from "./query-rows";

const FILTERS = ["paid", "awaiting_address", "shipped", "delivered", "received", "pending_payment", "refunded", "cancelled", "all"] as const;
type Filter = (typeof FILTERS)[number];

/** Orders console: status tabs, search by order id or buyer phone, a detail drawer with ship / deliver / refund. */
export function OrdersView({ canFulfil, canRefund, canSeePayments }: { canFulfil: boolean; canRefund: boolean; canSeePayments: boolean }) {
  const t = useTranslations("admin.orders");
  const ts = useTranslations("shop");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const pager = useCursorPager<string>();
  const [filter, setFilter] = useState<Filter>("paid");
  const [search, setSearch] = useState("");
  const [provider, setProvider] = useState<PaymentProviderName | "">("");
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.admin.orders.list.queryOptions({ status: filter === "all" ? undefined : (filter as OrderStage), provider: provider || undefined, query: search || undefined, cursor: pager.cursor, limit: 20 }),
    placeholderData: (p) => p,
  });
  const items = list.data?.items ?? [];
  return (
    <Panel>
      <div className="border-b border-neutral-100 px-4 pt-3">
        <FilterTabs
          label={t("filterLabel")}
          options={FILTERS}
          value={filter}
          onChange={(f) => {
            setFilter(f);
            pager.reset();
          }}
          renderLabel={(f) => t(`filters.${f}`)}
        />
      </div>
      <div className="flex items-center justify-between gap-4 border-b border-neutral-100 px-4 py-3">
        <ProviderFilter
          value={provider}
          onChange={(v) => {
            setProvider(v);
            pager.reset();
          }}
        />
        <SearchBox
          className="flex gap-2"
          placeholder={t("search")}
          onSearch={(q) => {
            setSearch(q);
            pager.reset();
          }}
        />
      </div>
      {list.isError ? <p className="px-4 py-2 text-sm text-brand">{list.error.message}</p> : null}
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("createdAt")}</Th>
            <Th>{t("buyer")}</Th>
            <Th>{t("items")}</Th>
            <Th>{t("kind")}</Th>
            <Th className="text-right">{t("amount")}</Th>
            <Th>{t("payment")}</Th>
            <Th>{t("status")}</Th>
            <Th className="text-right">{tt("actions")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={items} colSpan={8}>
            {(o) => (
              <tr key={o.id} data-testid="order-row" data-order-id={o.id} className="hover:bg-neutral-50">
                <Td className="tabular whitespace-nowrap text-neutral-500">{format.dateTime(o.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td>
                  <span className="font-medium">{o.buyer.displayName}</span>
                  <span className="tabular ml-2 text-neutral-500">{o.buyer.phone}</span>
                </Td>
                <Td className="max-w-72 truncate" title={o.items.map((i) => `${i.name}×${i.quantity}`).join("、")}>
                  {o.items.map((i) => `${i.name}×${i.quantity}`).join("、")}
                </Td>
                <Td className="whitespace-nowrap text-neutral-600">{ts(`orderKind.${o.kind}`)}</Td>
                <Td className="tabular text-right font-medium">{o.kind === "mall" ? t("points", { points: formatPoints(o.points) }) : formatFen(o.itemsTotalFen)}</Td>
                <Td className="max-w-44" data-testid="order-payment">
                  {o.paymentProvider ? (
                    <>
                      <ProviderBadge provider={o.paymentProvider} />
                      {o.gatewayTxnId ? <ProviderRef value={o.gatewayTxnId} className="mt-1" /> : null}
                    </>
                  ) : (
                    <span className="text-xs whitespace-nowrap text-neutral-500">{t(`paidWith.${o.kind === "mall" ? "points" : o.kind === "prize" ? "prize" : "wallet"}`)}</span>
                  )}
                </Td>
                <Td>
                  <OrderStatusBadge order={o} staff />
                </Td>
                <Td className="text-right">
                  <Button size="sm" variant="neutral" onClick={() => setOpenId(o.id)}>
                    {t("detail")}
                  </Button>
                </Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      <Pager page={pager.page} hasNext={!!list.data?.nextCursor} onPrev={pager.prev} onNext={() => list.data?.nextCursor && pager.next(list.data.nextCursor)} />
      <OrderDrawer orderId={openId} onClose={() => setOpenId(null)} canFulfil={canFulfil} canRefund={canRefund} canSeePayments={canSeePayments} />
    </Panel>
  );
}

function OrderDrawer({ orderId, onClose, canFulfil, canRefund, canSeePayments }: { orderId: string | null; onClose: () => void; canFulfil: boolean; canRefund: boolean; canSeePayments: boolean }) {
  const t = useTranslations("admin.orders");
  const ts = useTranslations("shop");
  const common = useTranslations("common");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.admin.orders.get.queryOptions(orderId ? { id: orderId } : skipToken));
  const ship = useMutation(trpc.admin.orders.ship.mutationOptions());
  const deliver = useMutation(trpc.admin.orders.deliver.mutationOptions());
  const refund = useMutation(trpc.admin.orders.refund.mutationOptions());
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const [shipErrors, setShipErrors] = useState<Partial<Record<ShipField | "form", string>>>({});
  const tv = useValidationT();
  const [refundText, setRefundText] = useState("");
  const [refundNote, setRefundNote] = useState("");
  const [refundError, setRefundError] = useState<string | null>(null);
  const [confirmRefund, setConfirmRefund] = useState<number | null>(null);
  const [refundId, setRefundId] = useState(newEntryId);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.admin.orders.pathKey() });
  const o = q.data;

  async function onShip(e: FormEvent) {
    e.preventDefault();
    if (!o) return;
    // Empty or malformed fields are named at the field before anything is sent (ship-rules.ts).
    const local = checkFields(ShipFieldsSchema, { carrier, trackingNo: tracking }, SHIP_FIELDS, tv);
    setShipErrors(local);
    if (Object.keys(local).length) return;
    try {
      await ship.mutateAsync({ id: o.id, carrier, trackingNo: tracking });
      toast.success(t("shipped"));
      await refresh();
    } catch (err) {
      setShipErrors(errorForField(err, {}, tt("networkError"), { fields: SHIP_FIELDS, tv }));
    }
  }
  function onRefund(e: FormEvent) {
    e.preventDefault();
    setRefundError(null);
    const fen = parseYuanToFen(refundText);
    if (fen === null || fen <= 0) return setRefundError(ts("voucherInvalid", { max: fenToYuanInput(left) }));
    setConfirmRefund(fen);
  }
  async function doRefund() {
    if (!o || confirmRefund === null) return;
    try {
      await refund.mutateAsync({ id: o.id, refundId, amountFen: confirmRefund, note: refundNote });
      toast.success(t("refundDone", { amount: formatFen(confirmRefund) }));
      setRefundText("");
      setRefundNote("");
      setRefundId(newEntryId());
      await refresh();
    } catch (err) {
      setRefundError(readError(err, tt("networkError")).message);
    } finally {
      setConfirmRefund(null);
    }
  }
  const left = o ? o.cashFen + o.voucherFen - o.refundedCashFen - o.refundedVoucherFen : 0;

  return (
    <Sheet open={!!orderId} onClose={onClose} side="right" width="max-w-xl" title={t("detail")} closeLabel={common("close")}>
      {!o ? (
        <div className="flex justify-center py-16 text-neutral-400">
          <Spinner />
        </div>
      ) : (
        <div className="flex flex-col gap-5 p-5 text-sm">
          <div className="flex items-center justify-between">
            <span className="font-mono text-xs text-neutral-500">{o.id}</span>
            <OrderStatusBadge order={o} staff />
          </div>
          <section>
            <h3 className="mb-1 text-xs font-medium text-neutral-500">{t("address")}</h3>
            {o.address ? (
              <p>
                {o.address.recipient} <span className="tabular text-neutral-500">{o.address.phone}</span>
                <br />
                {o.address.region} {o.address.detail}
              </p>
            ) : orderStage(o) === "awaiting_address" ? (
              <p className="text-amber-800" data-testid="awaiting-address">
                {t("awaitingAddressBody")}
              </p>
            ) : (
              <p className="text-amber-700">{t("noAddress")}</p>
            )}
          </section>
          {o.carrier ? (
            <section data-testid="order-shipment">
              <h3 className="mb-1 text-xs font-medium text-neutral-500">{t("shipment")}</h3>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5">
                <dt className="text-neutral-500">{t("carrier")}</dt>
                <dd>{o.carrier}</dd>
                <dt className="text-neutral-500">{t("trackingNo")}</dt>
                <dd className="tabular font-mono select-all">{o.trackingNo}</dd>
              </dl>
            </section>
          ) : null}
          <section>
            <h3 className="mb-1 text-xs font-medium text-neutral-500">{t("items")}</h3>
            <ul>
              {o.items.map((i) => (
                <li key={i.id} className="flex justify-between py-0.5">
                  <span>{i.name}</span>
                  <span className="tabular text-neutral-500">
                    {o.kind === "store" ? formatFen(i.unitPriceFen) : ""} ×{i.quantity}
                  </span>
                </li>
              ))}
            </ul>
            {o.kind === "store" ? (
              <p className="tabular mt-1 text-right text-neutral-600">
                {formatFen(o.itemsTotalFen)} · {t("paidParts", { cash: formatFen(o.cashFen), voucher: formatFen(o.voucherFen) })}
              </p>
            ) : null}
          </section>
          {o.paymentProvider ? (
            <section data-testid="order-payment-detail">
              <h3 className="mb-1 text-xs font-medium text-neutral-500">{t("payment")}</h3>
              <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-1">
                <dt className="text-neutral-500">{t("provider")}</dt>
                <dd>
                  <ProviderBadge provider={o.paymentProvider} />
                </dd>
                <dt className="text-neutral-500">{t("txn")}</dt>
                <dd className="min-w-0">
                  <ProviderRef value={o.gatewayTxnId} />
                </dd>
              </dl>
              {canSeePayments && o.paymentProvider !== "sandbox" && o.refundCount > 0 ? (
                <a href={`/admin/payments?tab=refunds&order=${o.id}`} className="mt-2 inline-flex h-9 items-center text-sm text-brand hover:underline" data-testid="order-provider-refunds">
                  {t("providerRefunds")}
                </a>
              ) : null}
            </section>
          ) : null}
          {canFulfil && o.status === "paid" && o.address ? (
            <form onSubmit={onShip} className="flex flex-col gap-3 rounded-lg border border-neutral-200 p-4">
              <div className="grid grid-cols-2 gap-3">
                <Field label={t("carrier")} value={carrier} onChange={(e) => setCarrier(e.target.value)} maxLength={40} error={shipErrors.carrier} />
                <Field label={t("trackingNo")} value={tracking} onChange={(e) => setTracking(e.target.value)} maxLength={40} error={shipErrors.trackingNo} />
              </div>
              <FormError>{shipErrors.form}</FormError>
              <Button type="submit" loading={ship.isPending} data-testid="ship-order">
                {t("ship")}
              </Button>
            </form>
          ) : null}
          {canFulfil && o.status === "shipped" ? (
            <Button
              variant="neutral"
              loading={deliver.isPending}
              onClick={async () => {
                try {
                  await deliver.mutateAsync({ id: o.id });
                  toast.success(t("delivered"));
                  await refresh();
                } catch (err) {
                  toast.error(readError(err, tt("networkError")).message);
                }
              }}
            >
              {t("deliver")}
            </Button>
          ) : null}
          {canRefund && o.kind === "store" && left > 0 && o.status !== "pending_payment" && o.status !== "cancelled" ? (
            <form onSubmit={onRefund} className="flex flex-col gap-3 rounded-lg border border-neutral-200 p-4">
              <div className="grid grid-cols-2 gap-3">
                <Field label={t("refundAmount")} hint={t("refundMax", { amount: formatFen(left) })} value={refundText} onChange={(e) => setRefundText(e.target.value)} inputMode="decimal" />
                <Field label={t("refundNote")} value={refundNote} onChange={(e) => setRefundNote(e.target.value)} maxLength={200} />
              </div>
              <FormError>{refundError}</FormError>
              <Button type="submit" variant="outline">
                {t("refund")}
              </Button>
            </form>
          ) : null}
          <section>
            <h3 className="mb-2 text-xs font-medium text-neutral-500">{t("timeline")}</h3>
            <ol className="flex flex-col gap-1.5">
              {o.events.map((e) => (
                <li key={e.id} className="flex justify-between gap-3">
                  <span>{e.kind === "refund" ? ts("events.refund", { amount: formatFen(((e.detail ?? {}) as { amountFen?: number }).amountFen ?? 0) }) : ts(`events.${e.kind as "created"}`)}</span>
                  <span className="tabular text-neutral-500">{format.dateTime(e.createdAt, { dateStyle: "short", timeStyle: "medium" })}</span>
                </li>
              ))}
            </ol>
          </section>
        </div>
      )}
      <Dialog
        open={confirmRefund !== null}
        onClose={() => setConfirmRefund(null)}
        title={o && confirmRefund !== null ? t("refundConfirm", { amount: formatFen(confirmRefund), buyer: `${o.buyer.displayName} ${o.buyer.phone}` }) : ""}
        actions={
          <>
            <Button variant="neutral" onClick={() => setConfirmRefund(null)}>
              {ts("cancel")}
            </Button>
            <Button onClick={doRefund} loading={refund.isPending}>
              {t("refund")}
            </Button>
          </>
        }
      >
        {t("refundBody")}
      </Dialog>
    </Sheet>
  );
}

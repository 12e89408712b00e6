"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useAssetLabel } from "../activities/use-asset-label";
import { readError } from "../errors/read-error";
import { formatFen, formatPoints } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Dialog } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { orderStage } from "@/server/domain/store/order-stage";
import { AddressForm, AddressLines } from "./address-form";
import { AddressPicker } from "./address-picker";
import { ProductImage } from "./product-image";
import { payUrlFor } from "@/server/payments/pay-url";

type Confirm = "cancel" | "receive" | null;

/** One order: status, address, lines, what was paid and refunded, the timeline, and the shopper's actions. */
export function OrderDetail({ orderId }: { orderId: string }) {
  const t = useTranslations("shop");
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const label = useAssetLabel(true);
  const q = useQuery(trpc.store.order.queryOptions({ id: orderId }));
  const needsAddress = !!q.data && orderStage(q.data) === "awaiting_address";
  const book = useQuery({ ...trpc.store.addresses.queryOptions(), enabled: needsAddress });
  const cancel = useMutation(trpc.store.cancel.mutationOptions());
  const receive = useMutation(trpc.store.confirmReceipt.mutationOptions());
  const setAddress = useMutation(trpc.store.setOrderAddress.mutationOptions());
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [addressId, setAddressId] = useState<string | null>(null);

  if (q.isPending) return <Spinner className="mx-auto my-10 text-neutral-400" />;
  if (q.isError) return <p className="p-6 text-center text-sm text-neutral-500">{q.error.message}</p>;
  const o = q.data;
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.store.pathKey() });

  async function run(kind: Exclude<Confirm, null>) {
    try {
      if (kind === "cancel") await cancel.mutateAsync({ id: orderId });
      else await receive.mutateAsync({ id: orderId });
      toast.success(kind === "cancel" ? t("cancelled") : t("received"));
    } catch (err) {
      toast.error(readError(err, t("networkError")).message);
    } finally {
      setConfirm(null);
      await refresh();
    }
  }

  async function shipTo(id: string) {
    try {
      await setAddress.mutateAsync({ id: orderId, addressId: id });
      await refresh();
    } catch (err) {
      toast.error(readError(err, t("networkError")).message);
    }
  }

  const stage = orderStage(o);
  const refundedFen = o.refundedCashFen + o.refundedVoucherFen;
  const canCancel = o.kind !== "prize" && (o.status === "pending_payment" || o.status === "paid");
  const canReceive = o.status === "shipped" || o.status === "delivered";
  const eventText = (e: (typeof o.events)[number]) => {
    const d = (e.detail ?? {}) as { amountFen?: number };
    return e.kind === "refund" ? t("events.refund", { amount: formatFen(d.amountFen ?? 0) }) : t(`events.${e.kind as "created"}`);
  };

  return (
    <div className="flex flex-col gap-3 p-4 pb-28">
      <section className="rounded-2xl bg-gradient-to-r from-brand to-[#f25a3f] p-4 text-white">
        <div className="flex items-center justify-between">
          <p className="text-lg font-semibold" data-testid="order-status-title" data-stage={stage}>
            {t(`status.${stage}`)}
          </p>
          <span className="rounded-full bg-white/20 px-2 py-0.5 text-xs">{t(`orderKind.${o.kind}`)}</span>
        </div>
        <p className="mt-1 text-sm text-white/90" data-testid="order-stage-body">
          {t(`stageBody.${stage}`)}
        </p>
        {o.carrier ? <p className="mt-1 text-sm text-white/90">{t("carrier", { carrier: o.carrier, trackingNo: o.trackingNo ?? "" })}</p> : null}
      </section>

      {o.address ? (
        <section className="rounded-2xl bg-white p-4">
          <AddressLines a={o.address} />
        </section>
      ) : (
        // The order waits for this: where to send it, the default address offered, a new one added right here.
        <section className="flex flex-col gap-2 rounded-2xl bg-white ring-2 ring-brand/30" data-testid="address-needed">
          <h2 className="px-4 pt-4 text-[15px] font-semibold">{o.kind === "prize" ? t("prizeAddressTitle") : t("noAddressYet")}</h2>
          {book.isPending ? (
            <Spinner className="mx-auto my-6 text-neutral-400" />
          ) : (book.data ?? []).length === 0 ? (
            <AddressForm onSaved={(a) => void shipTo(a.id)} />
          ) : (
            <div className="flex flex-col gap-2 px-4 pb-4">
              <div className="-mx-4">
                <AddressPicker value={addressId} onChange={setAddressId} />
              </div>
              <Button size="lg" disabled={!addressId} loading={setAddress.isPending} onClick={() => addressId && void shipTo(addressId)} data-testid="use-address">
                {t("confirmAddress")}
              </Button>
            </div>
          )}
        </section>
      )}

      <section className="rounded-2xl bg-white p-4">
        <ul className="flex flex-col gap-3">
          {o.items.map((i) => (
            <li key={i.id} className="flex gap-3">
              <ProductImage images={i.imageUrl ? [i.imageUrl] : []} alt={i.name} className="size-16 shrink-0 rounded-lg" />
              <p className="line-clamp-2 flex-1 text-sm">{i.name}</p>
              <div className="text-right">
                {o.kind === "store" ? <p className="tabular text-sm">{formatFen(i.unitPriceFen)}</p> : null}
                <p className="tabular text-xs text-neutral-500">×{i.quantity}</p>
              </div>
            </li>
          ))}
        </ul>
        <dl className="mt-4 flex flex-col gap-1.5 border-t border-neutral-100 pt-3 text-sm">
          {o.kind === "store" ? (
            <>
              <Row k={t("itemsTotal")} v={formatFen(o.itemsTotalFen)} />
              {o.voucherFen > 0 ? <Row k={t("paidVoucher", { name: label("voucher") })} v={`-${formatFen(o.voucherFen)}`} /> : null}
              <Row k={o.payWith === "gateway" ? t("paidGateway") : t("paidCash")} v={formatFen(o.cashFen)} strong />
              {o.mallPointsEarned > 0 ? <p className="text-right text-xs text-amber-700">{t("pointsEarned", { points: o.mallPointsEarned })}</p> : null}
              {refundedFen > 0 ? <Row k={t("refunded", { amount: "" })} v={formatFen(refundedFen)} /> : null}
            </>
          ) : o.kind === "mall" ? (
            <Row k={t("paidPoints", { name: label(o.pointsAsset ?? "mallPoints") })} v={formatPoints(o.points)} strong />
          ) : (
            <p className="text-neutral-500">{t("prizeNote")}</p>
          )}
          <Row k={t("orderNo")} v={<span className="font-mono text-xs">{o.id}</span>} />
          <Row k={t("createdAt")} v={format.dateTime(o.createdAt, { dateStyle: "medium", timeStyle: "short" })} />
        </dl>
      </section>

      <section className="rounded-2xl bg-white p-4">
        <h2 className="text-[15px] font-semibold">{t("timeline")}</h2>
        <ol className="mt-3 flex flex-col" data-testid="timeline">
          {[...o.events].reverse().map((e, i) => (
            <li key={e.id} className="relative flex gap-3 pb-4 last:pb-0">
              <span className={`relative z-10 mt-1 size-2.5 shrink-0 rounded-full ${i === 0 ? "bg-brand ring-4 ring-brand/15" : "bg-neutral-300"}`} />
              {i < o.events.length - 1 ? <span className="absolute top-3 left-[4.5px] h-full w-px bg-neutral-200" /> : null}
              <div>
                <p className={`text-sm ${i === 0 ? "font-medium text-neutral-900" : "text-neutral-600"}`}>{eventText(e)}</p>
                <p className="tabular text-xs text-neutral-400">{format.dateTime(e.createdAt, { dateStyle: "short", timeStyle: "short" })}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>

      {canCancel || canReceive || (o.status === "pending_payment" && o.paymentOrderId) ? (
        <div className="fixed inset-x-0 bottom-0 z-30 border-t border-neutral-200 bg-white pb-[env(safe-area-inset-bottom)]">
          <div className="mx-auto flex max-w-md justify-end gap-2 px-4 py-2">
            {canCancel ? (
              <Button variant="neutral" className="rounded-full" onClick={() => setConfirm("cancel")}>
                {t("cancelOrder")}
              </Button>
            ) : null}
            {o.status === "pending_payment" && o.paymentOrderId ? (
              <ButtonLink href={payUrlFor(o.paymentProvider ?? "sandbox", o.paymentOrderId)} className="rounded-full">
                {t("payNow")}
              </ButtonLink>
            ) : null}
            {canReceive ? (
              <Button className="rounded-full" onClick={() => setConfirm("receive")} data-testid="confirm-receipt">
                {t("confirmReceipt")}
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}

      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === "cancel" ? t("cancelConfirm") : t("confirmReceiptTitle")}
        actions={
          <>
            <Button variant="neutral" onClick={() => setConfirm(null)}>
              {t("keep")}
            </Button>
            <Button onClick={() => confirm && run(confirm)} loading={cancel.isPending || receive.isPending} data-testid="confirm-dialog-ok">
              {confirm === "cancel" ? t("cancelOrder") : t("confirmReceipt")}
            </Button>
          </>
        }
      >
        {confirm === "cancel" ? t("cancelBody") : t("confirmReceiptBody")}
      </Dialog>
    </div>
  );
}

function Row({ k, v, strong = false }: { k: React.ReactNode; v: React.ReactNode; strong?: boolean }) {
  return (
    <div className="flex items-center justify-between gap-3">
      <dt className="text-neutral-500">{k}</dt>
      <dd className={`tabular text-right ${strong ? "font-semibold text-neutral-900" : "text-neutral-700"}`}>{v}</dd>
    </div>
  );
}

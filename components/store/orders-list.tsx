"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import type { OrderStatus } from "@/db/schema";
import { formatFen, formatPoints } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { ReceiptIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { OrderStatusBadge } from "./order-status";
import { ProductImage } from "./product-image";

const TABS = ["all", "pending_payment", "paid", "shipped", "received", "refunded"] as const;
type Tab = (typeof TABS)[number];
/** Which statuses each tab shows: 待收货 includes delivered, 退款/取消 both ends. */
const TAB_STATUSES: Record<Tab, OrderStatus[] | undefined> = {
  all: undefined,
  pending_payment: ["pending_payment"],
  paid: ["paid"],
  shipped: ["shipped", "delivered"],
  received: ["received"],
  refunded: ["refunded", "cancelled"],
};

/** 我的订单: status tabs, one card per order (store, points mall and group-draw prizes alike). */
export function OrdersList() {
  const t = useTranslations("shop");
  const format = useFormatter();
  const trpc = useTRPC();
  const [tab, setTab] = useState<Tab>("all");
  const q = useInfiniteQuery(
    trpc.store.orders.infiniteQueryOptions({ statuses: TAB_STATUSES[tab], limit: 10 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }),
  );
  const orders = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div role="tablist" aria-label={t("ordersTitle")} className="sticky top-12 z-10 flex overflow-x-auto border-b border-neutral-200 bg-white px-2">
        {TABS.map((k) => (
          <button key={k} role="tab" type="button" aria-selected={tab === k} onClick={() => setTab(k)} className={`h-11 flex-1 shrink-0 border-b-2 px-1.5 text-sm whitespace-nowrap ${tab === k ? "border-brand font-medium text-brand" : "border-transparent text-neutral-600"}`}>
            {t(`orderTabs.${k}`)}
          </button>
        ))}
      </div>
      <div className="flex flex-col gap-3 p-4">
        {q.isPending ? (
          <Spinner className="mx-auto my-10 text-neutral-400" />
        ) : q.isError ? (
          <p role="alert" className="py-10 text-center text-sm text-neutral-500">
            {q.error.message}
          </p>
        ) : orders.length === 0 ? (
          <EmptyState icon={<ReceiptIcon size={28} />} title={t("noOrders")} description={t("noOrdersBody")} />
        ) : (
          orders.map((o) => (
            <Link key={o.id} href={`/orders/${o.id}`} className="block rounded-2xl bg-white p-4" data-testid="order-card">
              <div className="flex items-center justify-between text-xs text-neutral-500">
                <span>
                  {t(`orderKind.${o.kind}`)} · <span className="tabular">{format.dateTime(o.createdAt, { dateStyle: "short", timeStyle: "short" })}</span>
                </span>
                <OrderStatusBadge order={o} />
              </div>
              <div className="mt-3 flex flex-col gap-2">
                {o.items.slice(0, 3).map((i) => (
                  <div key={i.id} className="flex items-center gap-3">
                    <ProductImage images={i.imageUrl ? [i.imageUrl] : []} alt={i.name} className="size-14 shrink-0 rounded-lg" />
                    <p className="line-clamp-2 flex-1 text-sm">{i.name}</p>
                    <span className="tabular text-xs text-neutral-500">×{i.quantity}</span>
                  </div>
                ))}
              </div>
              <p className="mt-3 text-right text-sm text-neutral-600">
                {o.kind === "mall" ? (
                  <span className="tabular font-semibold text-neutral-900">{formatPoints(o.points)}</span>
                ) : o.kind === "prize" ? (
                  t("prizeNote")
                ) : (
                  <span className="tabular font-semibold text-neutral-900">{formatFen(o.itemsTotalFen)}</span>
                )}
              </p>
            </Link>
          ))
        )}
        {q.hasNextPage ? (
          <Button variant="ghost" onClick={() => q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t("loadMore")}
          </Button>
        ) : null}
      </div>
    </>
  );
}

"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import type { OrderStage } from "@/server/domain/store/order-stage";
import { ChevronRightIcon } from "../ui/icons";

/**
 * Where a won product prize stands, linking to its order: "填写收货地址" while the order waits for
 * the winner's address (the order page asks for it), else the order's stage in the shop's words.
 */
export function PrizeOrderLink({ order, status }: { order: { id: string; stage: OrderStage } | null; status: "to_ship" | "credited" }) {
  const t = useTranslations("result");
  const stages = useTranslations("shop.status");
  if (status === "credited") return <span className="shrink-0 text-xs text-neutral-500">{t("credited")}</span>;
  // The order is made right after the draw; for that moment there is nothing to link to yet.
  if (!order) return <span className="shrink-0 text-xs text-neutral-500">{t("prizeOrderPending")}</span>;
  const asks = order.stage === "awaiting_address";
  return (
    <Link
      href={`/orders/${order.id}`}
      className={`-my-2 flex min-h-11 shrink-0 items-center gap-0.5 text-xs font-medium ${asks ? "text-brand" : "text-neutral-600"}`}
      data-testid="prize-order-link"
      data-stage={order.stage}
    >
      {asks ? t("addAddress") : stages(order.stage)}
      <ChevronRightIcon size={14} />
    </Link>
  );
}

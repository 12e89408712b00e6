import { useTranslations } from "next-intl";
import type { OrderStatus } from "@/db/schema";

const TONES: Record<OrderStatus, string> = {
  pending_payment: "bg-amber-50 text-amber-700",
  paid: "bg-brand/10 text-brand",
  shipped: "bg-sky-50 text-sky-700",
  delivered: "bg-sky-50 text-sky-700",
  received: "bg-emerald-50 text-emerald-700",
  cancelled: "bg-neutral-100 text-neutral-500",
  refunded: "bg-neutral-100 text-neutral-600",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useTranslations("shop.status");
  return (
    <span className={`inline-flex h-6 items-center rounded-full px-2 text-xs font-medium whitespace-nowrap ${TONES[status]}`} data-testid="order-status" data-status={status}>
      {t(status)}
    </span>
  );
}

import { useTranslations } from "next-intl";
import type { OrderStatus } from "@/db/schema";
import { orderStage, type OrderStage } from "@/server/domain/store/order-stage";

const TONES: Record<OrderStage, string> = {
  pending_payment: "bg-amber-50 text-amber-700",
  awaiting_address: "bg-amber-50 text-amber-800 ring-1 ring-inset ring-amber-200",
  paid: "bg-brand/10 text-brand",
  shipped: "bg-sky-50 text-sky-700",
  delivered: "bg-sky-50 text-sky-700",
  received: "bg-emerald-50 text-emerald-700",
  cancelled: "bg-neutral-100 text-neutral-500",
  refunded: "bg-neutral-100 text-neutral-600",
};

/** Where an order stands (order-stage.ts), in the shopper's words or, in the console (`staff`), the operators'. */
export function OrderStatusBadge({ order, staff = false }: { order: { status: OrderStatus; address: unknown }; staff?: boolean }) {
  const shop = useTranslations("shop.status");
  const console = useTranslations("admin.orders.stages");
  const stage = orderStage(order);
  return (
    <span className={`inline-flex h-6 items-center rounded-full px-2 text-xs font-medium whitespace-nowrap ${TONES[stage]}`} data-testid="order-status" data-status={order.status} data-stage={stage}>
      {staff && stage === "awaiting_address" ? console(stage) : shop(stage)}
    </span>
  );
}

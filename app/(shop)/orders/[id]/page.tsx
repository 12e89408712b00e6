import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { notFoundMetadata } from "@/components/errors/not-found-metadata";
import { PageHeader } from "@/components/shop/page-header";
import { OrderDetail } from "@/components/store/order-detail";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

const UUID = /^[0-9a-f-]{36}$/i;

/** The shopper's own order, or null (not theirs, not there). */
const loadOrder = (id: string) => (UUID.test(id) ? getQueryClient().fetchQuery(trpc.store.order.queryOptions({ id })).catch(() => null) : Promise.resolve(null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  if (!(await loadOrder((await params).id))) return notFoundMetadata();
  const t = await getTranslations("shop");
  return { title: t("orderTitle") };
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/orders/${id}`);
  if (!(await loadOrder(id))) notFound();
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <HydrateClient>
      <PageHeader title={t("orderTitle")} backHref="/orders" backLabel={common("back")} />
      <OrderDetail orderId={id} />
    </HydrateClient>
  );
}

import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { OrderDetail } from "@/components/store/order-detail";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata() {
  const t = await getTranslations("shop");
  return { title: t("orderTitle") };
}

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireSession(`/orders/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  await getQueryClient().prefetchQuery(trpc.store.order.queryOptions({ id }));
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <HydrateClient>
      <PageHeader title={t("orderTitle")} backHref="/orders" backLabel={common("back")} />
      <OrderDetail orderId={id} />
    </HydrateClient>
  );
}

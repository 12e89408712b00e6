import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { OrdersList } from "@/components/store/orders-list";

export async function generateMetadata() {
  const t = await getTranslations("shop");
  return { title: t("ordersTitle") };
}

export default async function OrdersPage() {
  await requireSession("/orders");
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <>
      <PageHeader title={t("ordersTitle")} backHref="/me" backLabel={common("back")} />
      <OrdersList />
    </>
  );
}

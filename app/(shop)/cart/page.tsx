import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shop/page-header";
import { CartView } from "@/components/store/cart-view";

export async function generateMetadata() {
  const t = await getTranslations("shop");
  return { title: t("cartTitle") };
}

export default async function CartPage() {
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <>
      <PageHeader title={t("cartTitle")} backHref="/store" backLabel={common("back")} />
      <CartView />
    </>
  );
}

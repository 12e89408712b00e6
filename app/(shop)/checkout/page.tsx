import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { CheckoutView } from "@/components/store/checkout-view";

export async function generateMetadata() {
  const t = await getTranslations("shop");
  return { title: t("checkoutTitle") };
}

export default async function CheckoutPage({ searchParams }: { searchParams: Promise<{ buy?: string }> }) {
  const { buy } = await searchParams;
  await requireSession(buy ? `/checkout?buy=${encodeURIComponent(buy)}` : "/checkout");
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <>
      <PageHeader title={t("checkoutTitle")} backHref="/cart" backLabel={common("back")} />
      <Suspense>
        <CheckoutView />
      </Suspense>
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shop/page-header";
import { ComingSoon } from "@/components/shop/coming-soon";
import { StoreIcon } from "@/components/ui/icons";

export async function generateMetadata() {
  const t = await getTranslations("shell.tabs");
  return { title: t("store") };
}

/** 商城: the storefront and points mall come here. */
export default async function StorePage() {
  const t = await getTranslations("store");
  const tabs = await getTranslations("shell.tabs");
  return (
    <>
      <PageHeader title={tabs("store")} />
      <ComingSoon icon={<StoreIcon size={40} />} badge={t("badge")} title={t("title")} body={t("body")} points={[t("point1"), t("point2"), t("point3")]} />
    </>
  );
}

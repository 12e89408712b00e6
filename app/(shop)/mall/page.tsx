import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shop/page-header";
import { MallView } from "@/components/store/mall-view";
import { auth } from "@/server/auth";

export async function generateMetadata() {
  const t = await getTranslations("shop");
  return { title: t("mallTitle") };
}

export default async function MallPage() {
  const session = await auth();
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <>
      <PageHeader title={t("mallTitle")} backHref="/store" backLabel={common("back")} />
      <MallView signedIn={session?.user?.role === "shopper"} />
    </>
  );
}

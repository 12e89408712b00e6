import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { AddressBook } from "@/components/store/address-book";

export async function generateMetadata() {
  const t = await getTranslations("shop");
  return { title: t("addressesTitle") };
}

export default async function AddressesPage() {
  await requireSession("/addresses");
  const t = await getTranslations("shop");
  const common = await getTranslations("common");
  return (
    <>
      <PageHeader title={t("addressesTitle")} backHref="/me" backLabel={common("back")} />
      <AddressBook />
    </>
  );
}

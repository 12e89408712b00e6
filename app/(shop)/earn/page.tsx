import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/shop/page-header";
import { ComingSoon } from "@/components/shop/coming-soon";
import { PlayIcon } from "@/components/ui/icons";

export async function generateMetadata() {
  const t = await getTranslations("shell.tabs");
  return { title: t("earn") };
}

/** 赚钱: the daily ad set (mall points → cash) and the referral page come here. */
export default async function EarnPage() {
  const t = await getTranslations("earn");
  const tabs = await getTranslations("shell.tabs");
  return (
    <>
      <PageHeader title={tabs("earn")} />
      <ComingSoon icon={<PlayIcon size={40} />} badge={t("badge")} title={t("title")} body={t("body")} points={[t("point1"), t("point2"), t("point3")]} />
    </>
  );
}

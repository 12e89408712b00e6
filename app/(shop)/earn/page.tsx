import { getTranslations } from "next-intl/server";
import { EarnView } from "@/components/earn/earn-view";
import { SignedOutEarn } from "@/components/earn/signed-out-earn";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { auth } from "@/server/auth";

export async function generateMetadata() {
  const t = await getTranslations("shell.tabs");
  return { title: t("earn") };
}

/** 赚钱: the daily ad set that cashes mall points out (spec §6), with every tier and rule shown before starting. */
export default async function EarnPage() {
  const session = await auth();
  const tabs = await getTranslations("shell.tabs");
  if (session?.user?.role !== "shopper") {
    return (
      <>
        <PageHeader title={tabs("earn")} />
        <div className="p-4">
          <SignedOutEarn />
        </div>
      </>
    );
  }
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.ads.page.queryOptions()), qc.prefetchQuery(trpc.wallet.overview.queryOptions())]);
  return (
    <HydrateClient>
      <PageHeader title={tabs("earn")} />
      <div className="flex flex-col gap-3 p-4">
        <EarnView />
      </div>
    </HydrateClient>
  );
}

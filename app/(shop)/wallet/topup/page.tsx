import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { TopupForm } from "@/components/wallet/topup-form";

export async function generateMetadata() {
  const t = await getTranslations("wallet");
  return { title: t("topupTitle") };
}

export default async function TopupPage() {
  await requireSession("/wallet/topup");
  const t = await getTranslations("wallet");
  const common = await getTranslations("common");
  await getQueryClient().prefetchQuery(trpc.wallet.overview.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title={t("topupTitle")} backHref="/wallet" backLabel={common("back")} />
      <div className="p-4">
        <TopupForm />
      </div>
    </HydrateClient>
  );
}

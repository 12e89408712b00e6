import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { DestinationList } from "@/components/wallet/destination-list";

export async function generateMetadata() {
  const t = await getTranslations("payoutAccounts");
  return { title: t("title") };
}

/** 收款账户: the shopper's Alipay accounts and bank cards, masked; add, make default, remove. */
export default async function PayoutAccountsPage() {
  await requireSession("/wallet/payout-accounts");
  const t = await getTranslations("payoutAccounts");
  const common = await getTranslations("common");
  await getQueryClient().prefetchQuery(trpc.wallet.destinations.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref="/wallet/withdraw" backLabel={common("back")} />
      <div className="p-4">
        <DestinationList manage title={t("title")} />
      </div>
    </HydrateClient>
  );
}

import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { MyWithdrawals } from "@/components/wallet/my-withdrawals";
import { MY_WITHDRAWALS_INPUT, PAGED } from "@/components/wallet/query-inputs";
import { WithdrawForm } from "@/components/wallet/withdraw-form";

export async function generateMetadata() {
  const t = await getTranslations("wallet");
  return { title: t("withdrawTitle") };
}

export default async function WithdrawPage() {
  await requireSession("/wallet/withdraw");
  const t = await getTranslations("wallet");
  const common = await getTranslations("common");
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.wallet.overview.queryOptions()), qc.prefetchQuery(trpc.wallet.destinations.list.queryOptions()), qc.prefetchInfiniteQuery(trpc.wallet.withdrawals.infiniteQueryOptions(MY_WITHDRAWALS_INPUT, PAGED))]);
  return (
    <HydrateClient>
      <PageHeader title={t("withdrawTitle")} backHref="/wallet" backLabel={common("back")} />
      <div className="flex flex-col gap-4 p-4">
        <WithdrawForm />
        <MyWithdrawals />
      </div>
    </HydrateClient>
  );
}

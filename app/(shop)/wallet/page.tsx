import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/components/trpc/server";
import { FrozenBanner } from "@/components/me/frozen-banner";
import { BalanceCards } from "@/components/wallet/balance-cards";
import { HistoryList } from "@/components/wallet/history-list";
import { HISTORY_INPUT, PAGED } from "@/components/wallet/query-inputs";

export async function generateMetadata() {
  const t = await getTranslations("wallet");
  return { title: t("title") };
}

export default async function WalletPage() {
  await requireSession("/wallet");
  const t = await getTranslations("wallet");
  const common = await getTranslations("common");
  const qc = getQueryClient();
  const profile = await (await serverCaller()).wallet.me();
  await Promise.all([
    qc.prefetchQuery(trpc.wallet.overview.queryOptions()),
    qc.prefetchInfiniteQuery(trpc.wallet.history.infiniteQueryOptions(HISTORY_INPUT, PAGED)),
  ]);
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref="/me" backLabel={common("back")} />
      <div className="flex flex-col gap-3 p-4">
        {profile.frozen ? <FrozenBanner reason={profile.frozenReason} /> : null}
        <BalanceCards />
        <HistoryList />
      </div>
    </HydrateClient>
  );
}

import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { MyEntries } from "@/components/me/my-entries";
import { ENTRIES_INPUT, PAGED } from "@/components/me/query-inputs";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata() {
  const t = await getTranslations("entries");
  return { title: t("title") };
}

export default async function MyEntriesPage() {
  await requireSession("/me/entries");
  const t = await getTranslations("entries");
  const common = await getTranslations("common");
  const qc = getQueryClient();
  await Promise.all([qc.prefetchInfiniteQuery(trpc.activities.myEntries.infiniteQueryOptions(ENTRIES_INPUT, PAGED)), qc.prefetchQuery(trpc.wallet.overview.queryOptions())]);
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref="/me" backLabel={common("back")} />
      <div className="p-4">
        <MyEntries />
      </div>
    </HydrateClient>
  );
}

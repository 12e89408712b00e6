import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { PoolView } from "@/components/pool/pool-view";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata() {
  const t = await getTranslations("pool");
  return { title: t("title") };
}

export default async function PoolPage() {
  await requireSession("/pool");
  const t = await getTranslations("pool");
  const common = await getTranslations("common");
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.pool.summary.queryOptions()), qc.prefetchQuery(trpc.pool.history.queryOptions({ limit: 30 }))]);
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref="/me" backLabel={common("back")} />
      <div className="flex flex-col gap-3 p-4">
        <PoolView />
      </div>
    </HydrateClient>
  );
}

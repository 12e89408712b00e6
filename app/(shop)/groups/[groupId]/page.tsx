import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { GroupResult } from "@/components/draw/group-result";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { auth } from "@/server/auth";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function generateMetadata() {
  const t = await getTranslations("result");
  return { title: t("title") };
}

/** 开奖结果 (public: anyone can see a group's outcome and verify it; rewards are the viewer's own). */
export default async function GroupResultPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  if (!UUID.test(groupId)) notFound();
  const t = await getTranslations("result");
  const common = await getTranslations("common");
  const session = await auth();
  const qc = getQueryClient();
  const group = await qc.fetchQuery(trpc.activities.group.queryOptions({ groupId })).catch(() => null);
  if (!group) notFound();
  if (session?.user?.role === "shopper") await qc.prefetchQuery(trpc.wallet.overview.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref={`/activities/${group.group.activityId}`} backLabel={common("back")} />
      <GroupResult groupId={groupId} signedIn={session?.user?.role === "shopper"} />
    </HydrateClient>
  );
}

import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { GroupResult } from "@/components/draw/group-result";
import { notFoundMetadata } from "@/components/errors/not-found-metadata";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { auth } from "@/server/auth";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The group's result, or null (no such group). */
const loadGroup = (groupId: string) => (UUID.test(groupId) ? getQueryClient().fetchQuery(trpc.activities.group.queryOptions({ groupId })).catch(() => null) : Promise.resolve(null));

export async function generateMetadata({ params }: { params: Promise<{ groupId: string }> }) {
  if (!(await loadGroup((await params).groupId))) return notFoundMetadata();
  const t = await getTranslations("result");
  return { title: t("title") };
}

/** 开奖结果 (public: anyone can see a group's outcome and verify it; rewards are the viewer's own). */
export default async function GroupResultPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  const group = await loadGroup(groupId);
  if (!group) notFound();
  const t = await getTranslations("result");
  const common = await getTranslations("common");
  const session = await auth();
  const qc = getQueryClient();
  if (session?.user?.role === "shopper") await qc.prefetchQuery(trpc.wallet.overview.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref={`/activities/${group.group.activityId}`} backLabel={common("back")} />
      <GroupResult groupId={groupId} signedIn={session?.user?.role === "shopper"} />
    </HydrateClient>
  );
}

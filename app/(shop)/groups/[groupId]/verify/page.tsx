import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { VerifyView } from "@/components/draw/verify-view";
import { notFoundMetadata } from "@/components/errors/not-found-metadata";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The group's public proof, or null (no such group). */
const loadProof = (groupId: string) => (UUID.test(groupId) ? getQueryClient().fetchQuery(trpc.activities.proof.queryOptions({ groupId })).catch(() => null) : Promise.resolve(null));

export async function generateMetadata({ params }: { params: Promise<{ groupId: string }> }) {
  if (!(await loadProof((await params).groupId))) return notFoundMetadata();
  const t = await getTranslations("verify");
  return { title: t("title") };
}

/** 验证本团: the proof, checked in the browser with WebCrypto (nothing here is computed by the server). */
export default async function VerifyPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  if (!(await loadProof(groupId))) notFound();
  const t = await getTranslations("verify");
  const common = await getTranslations("common");
  const qc = getQueryClient();
  await qc.prefetchQuery(trpc.activities.group.queryOptions({ groupId }));
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref={`/groups/${groupId}`} backLabel={common("back")} />
      <VerifyView groupId={groupId} />
    </HydrateClient>
  );
}

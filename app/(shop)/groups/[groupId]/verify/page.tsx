import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { VerifyView } from "@/components/draw/verify-view";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function generateMetadata() {
  const t = await getTranslations("verify");
  return { title: t("title") };
}

/** 验证本团: the proof, checked in the browser with WebCrypto (nothing here is computed by the server). */
export default async function VerifyPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  if (!UUID.test(groupId)) notFound();
  const t = await getTranslations("verify");
  const common = await getTranslations("common");
  const qc = getQueryClient();
  const proof = await qc.fetchQuery(trpc.activities.proof.queryOptions({ groupId })).catch(() => null);
  if (!proof) notFound();
  await qc.prefetchQuery(trpc.activities.group.queryOptions({ groupId }));
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref={`/groups/${groupId}`} backLabel={common("back")} />
      <VerifyView groupId={groupId} />
    </HydrateClient>
  );
}

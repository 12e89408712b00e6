import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { notFoundMetadata } from "@/components/errors/not-found-metadata";
import { previewMetadata } from "@/components/referral/preview-metadata";
import { pickLocale } from "@/server/i18n/locales";
import { itemPreviewText } from "@/server/og/image-text";
import { ActivityRoom, type Viewer } from "@/components/activities/activity-room";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/components/trpc/server";
import { auth } from "@/server/auth";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Props = { params: Promise<{ activityId: string }> };

export async function generateMetadata({ params }: Props) {
  const { activityId } = await params;
  if (!UUID.test(activityId)) return notFoundMetadata();
  const room = await (await serverCaller()).activities.room({ activityId }).catch(() => null);
  if (!room) return notFoundMetadata();
  const a = room.activity;
  const text = itemPreviewText({ kind: "activity", id: a.id, name: a.name, priceFen: a.priceFen, groupSize: a.groupSize, winners: a.winners }, pickLocale(await getLocale()));
  return previewMetadata(text, "activity", a.id, `/activities/${a.id}`);
}

/** 拼团详情: public (signed-out visitors see everything and are asked to sign in to join). */
export default async function ActivityRoomPage({ params }: Props) {
  const { activityId } = await params;
  if (!UUID.test(activityId)) notFound();
  const t = await getTranslations("room");
  const common = await getTranslations("common");
  const session = await auth();
  const viewer: Viewer = !session?.user?.id ? "guest" : session.user.role === "shopper" ? "shopper" : "staff";
  const qc = getQueryClient();
  const room = await qc.fetchQuery(trpc.activities.room.queryOptions({ activityId })).catch(() => null);
  if (!room) notFound();
  if (viewer === "shopper") await qc.prefetchQuery(trpc.wallet.overview.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref="/" backLabel={common("back")} />
      <ActivityRoom activityId={activityId} viewer={viewer} />
    </HydrateClient>
  );
}

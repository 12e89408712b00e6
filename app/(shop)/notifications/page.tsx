import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { NotificationsList } from "@/components/me/notifications-list";
import { NOTIFICATIONS_INPUT, PAGED } from "@/components/me/query-inputs";
import { PageHeader } from "@/components/shop/page-header";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";

export async function generateMetadata() {
  const t = await getTranslations("notifications");
  return { title: t("title") };
}

export default async function NotificationsPage() {
  await requireSession("/notifications");
  const t = await getTranslations("notifications");
  const common = await getTranslations("common");
  await getQueryClient().prefetchInfiniteQuery(trpc.activities.notifications.infiniteQueryOptions(NOTIFICATIONS_INPUT, PAGED));
  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref="/me" backLabel={common("back")} />
      <div className="p-4">
        <NotificationsList />
      </div>
    </HydrateClient>
  );
}

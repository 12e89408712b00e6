import { getTranslations } from "next-intl/server";
import { AdvertisersView } from "@/components/admin/ads/advertisers-view";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.ads.tabs");
  return { title: t("advertisers") };
}

export default async function AdvertisersPage() {
  const { staff, allowed } = await requireStaffPage("/admin/ads/advertisers", "ads.read");
  if (!staff || !allowed) return <Forbidden />;
  await getQueryClient().prefetchQuery(trpc.admin.ads.advertisers.queryOptions());
  return (
    <HydrateClient>
      <AdvertisersView canWrite={roleAllows(staff.role, "ads.write")} canPrepay={roleAllows(staff.role, "ads.prepay")} />
    </HydrateClient>
  );
}

import { getTranslations } from "next-intl/server";
import { NetworksView } from "@/components/admin/ads/networks-view";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { siteOrigin } from "@/components/me/site-origin";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.ads.tabs");
  return { title: t("networks") };
}

export default async function AdNetworksPage() {
  const { staff, allowed } = await requireStaffPage("/admin/ads/networks", "ads.read");
  if (!staff || !allowed) return <Forbidden />;
  await getQueryClient().prefetchQuery(trpc.admin.ads.networks.queryOptions());
  return (
    <HydrateClient>
      <NetworksView origin={await siteOrigin()} canWrite={roleAllows(staff.role, "ads.write")} />
    </HydrateClient>
  );
}

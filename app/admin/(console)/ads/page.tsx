import { getTranslations } from "next-intl/server";
import { CampaignsView } from "@/components/admin/ads/campaigns-view";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.ads.tabs");
  return { title: t("campaigns") };
}

export default async function AdCampaignsPage() {
  const { staff, allowed } = await requireStaffPage("/admin/ads", "ads.read");
  if (!staff || !allowed) return <Forbidden />;
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.admin.ads.campaigns.queryOptions()), qc.prefetchQuery(trpc.admin.ads.advertisers.queryOptions())]);
  return (
    <HydrateClient>
      <CampaignsView canWrite={roleAllows(staff.role, "ads.write")} />
    </HydrateClient>
  );
}

import { getTranslations } from "next-intl/server";
import { RulesView } from "@/components/admin/ads/rules-view";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.ads.tabs");
  return { title: t("rules") };
}

export default async function AdRulesPage() {
  const { staff, allowed } = await requireStaffPage("/admin/ads/rules", "ads.read");
  if (!staff || !allowed) return <Forbidden />;
  await getQueryClient().prefetchQuery(trpc.admin.ads.settings.queryOptions());
  return (
    <HydrateClient>
      <RulesView canWrite={roleAllows(staff.role, "ads.write")} />
    </HydrateClient>
  );
}

import { getTranslations } from "next-intl/server";
import { ReportView } from "@/components/admin/ads/report-view";
import { presetRange } from "@/components/admin/ads/report-range";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { getQueryClient, HydrateClient, trpc } from "@/components/trpc/server";
import { businessDayKey } from "@/components/wallet/day-key";

export async function generateMetadata() {
  const t = await getTranslations("admin.ads.tabs");
  return { title: t("report") };
}

export default async function AdReportPage() {
  const { staff, allowed } = await requireStaffPage("/admin/ads/report", "ads.read");
  if (!staff || !allowed) return <Forbidden />;
  // Today in business time, decided once here so the server's prefetch and the browser ask for the same range.
  const today = businessDayKey(new Date());
  await getQueryClient().prefetchQuery(trpc.admin.ads.report.queryOptions(presetRange(today, 7)));
  return (
    <HydrateClient>
      <ReportView today={today} />
    </HydrateClient>
  );
}

import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { GroupsView } from "@/components/admin/groups-view";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("groups") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function GroupsPage({ searchParams }: { searchParams: Promise<{ activity?: string | string[] }> }) {
  const { staff, allowed } = await requireStaffPage("/admin/groups", "activities.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.groups");
  const { activity } = await searchParams;
  const activityId = typeof activity === "string" && UUID.test(activity) ? activity : null;
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <GroupsView key={activityId ?? "all"} activityId={activityId} />
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { ActivityEditor } from "@/components/admin/activity-editor";
import { newActivityForm } from "@/components/admin/activity-form";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";

export async function generateMetadata() {
  const t = await getTranslations("admin.activityEditor");
  return { title: t("newTitle") };
}

export default async function NewActivityPage() {
  const { staff, allowed } = await requireStaffPage("/admin/activities/new", "activities.write");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.activityEditor");
  return (
    <>
      <PageTitle title={t("newTitle")} description={t("newDescription")} />
      <ActivityEditor activityId={null} initial={newActivityForm(new Date())} openGroup={null} outdated={false} canWrite ended={false} />
    </>
  );
}

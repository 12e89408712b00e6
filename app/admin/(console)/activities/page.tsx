import { getTranslations } from "next-intl/server";
import { ActivityList } from "@/components/admin/activity-list";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { ButtonLink } from "@/components/ui/button";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("activities") };
}

export default async function ActivitiesPage() {
  const { staff, allowed } = await requireStaffPage("/admin/activities", "activities.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.activities");
  const canWrite = roleAllows(staff.role, "activities.write");
  return (
    <>
      <PageTitle
        title={t("title")}
        description={t("description")}
        actions={
          canWrite ? (
            <ButtonLink href="/admin/activities/new" size="sm">
              {t("new")}
            </ButtonLink>
          ) : null
        }
      />
      <ActivityList canWrite={canWrite} />
    </>
  );
}

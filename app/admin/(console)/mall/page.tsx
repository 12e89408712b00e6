import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { MallAdminView } from "@/components/admin/mall-admin-view";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("mall") };
}

export default async function MallAdminPage() {
  const { staff, allowed } = await requireStaffPage("/admin/mall", "store.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.store");
  return (
    <>
      <PageTitle title={t("mallTitle")} description={t("mallDescription")} />
      <MallAdminView canWrite={roleAllows(staff.role, "store.write")} canGrant={roleAllows(staff.role, "vouchers.grant")} />
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { AuditView } from "@/components/admin/audit-view";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("audit") };
}

export default async function AuditPage() {
  const { staff, allowed } = await requireStaffPage("/admin/audit", "audit.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.audit");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <AuditView />
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { SettlementView } from "@/components/admin/settlement-view";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("settlement") };
}

export default async function SettlementPage() {
  const { staff, allowed } = await requireStaffPage("/admin/settlement", "settlement.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.settlement");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <SettlementView canRun={roleAllows(staff.role, "settlement.run")} />
    </>
  );
}

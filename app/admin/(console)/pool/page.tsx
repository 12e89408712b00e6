import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { PoolSettlementView } from "@/components/admin/pool-settlement-view";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("pool") };
}

export default async function PoolAdminPage() {
  const { staff, allowed } = await requireStaffPage("/admin/pool", "settlement.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.pool");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <PoolSettlementView canSettle={roleAllows(staff.role, "pool.settle")} />
    </>
  );
}

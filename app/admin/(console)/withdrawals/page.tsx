import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { WithdrawalsView } from "@/components/admin/withdrawals-view";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("withdrawals") };
}

export default async function WithdrawalsPage() {
  const { staff, allowed } = await requireStaffPage("/admin/withdrawals", "withdrawals.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.withdrawals");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <WithdrawalsView canDecide={roleAllows(staff.role, "withdrawals.decide")} canReveal={roleAllows(staff.role, "withdrawals.reveal")} />
    </>
  );
}

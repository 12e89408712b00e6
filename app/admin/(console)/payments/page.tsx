import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { PaymentsView } from "@/components/admin/payments-view";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("payments") };
}

export default async function PaymentsPage() {
  const { staff, allowed } = await requireStaffPage("/admin/payments", "payments.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.payments");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <PaymentsView canResolve={roleAllows(staff.role, "payments.resolve")} />
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { OrdersView } from "@/components/admin/orders-view";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("orders") };
}

export default async function OrdersPage() {
  const { staff, allowed } = await requireStaffPage("/admin/orders", "orders.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.orders");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <OrdersView canFulfil={roleAllows(staff.role, "orders.fulfil")} canRefund={roleAllows(staff.role, "orders.refund")} canSeePayments={roleAllows(staff.role, "payments.read")} />
    </>
  );
}

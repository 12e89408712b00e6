import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { PAYMENT_TABS, type PaymentTab } from "@/components/admin/payment-tabs";
import { PaymentsView } from "@/components/admin/payments-view";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("payments") };
}

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<{ tab?: string; order?: string }> }) {
  const { staff, allowed } = await requireStaffPage("/admin/payments", "payments.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.payments");
  const { tab, order } = await searchParams;
  const initialTab = (PAYMENT_TABS as readonly string[]).includes(tab ?? "") ? (tab as PaymentTab) : "open";
  const orderId = order && /^[0-9a-f-]{36}$/i.test(order) ? order.toLowerCase() : undefined;
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <PaymentsView canResolve={roleAllows(staff.role, "payments.resolve")} initialTab={initialTab} orderId={orderId} />
    </>
  );
}

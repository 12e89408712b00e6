import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { ProductsView } from "@/components/admin/products-view";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("products") };
}

export default async function ProductsPage() {
  const { staff, allowed } = await requireStaffPage("/admin/products", "store.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.store");
  return (
    <>
      <PageTitle title={t("productsTitle")} description={t("productsDescription")} />
      <ProductsView canWrite={roleAllows(staff.role, "store.write")} />
    </>
  );
}

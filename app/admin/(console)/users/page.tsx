import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { UsersView } from "@/components/admin/users-view";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("users") };
}

export default async function UsersPage() {
  const { staff, allowed } = await requireStaffPage("/admin/users", "users.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.users");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <UsersView />
    </>
  );
}

import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { SettingsView } from "@/components/admin/settings-view";
import { StoreSettingsPanel } from "@/components/admin/store-settings-panel";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("settings") };
}

export default async function SettingsPage() {
  const { staff, allowed } = await requireStaffPage("/admin/settings", "settings.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.settings");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <SettingsView canWrite={roleAllows(staff.role, "settings.write")} />
      <StoreSettingsPanel canWrite={roleAllows(staff.role, "settings.write")} />
    </>
  );
}

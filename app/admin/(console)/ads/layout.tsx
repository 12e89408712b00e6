import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { AdsTabs } from "@/components/admin/ads/ads-tabs";
import { Forbidden } from "@/components/admin/forbidden";
import { currentStaff } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { roleAllows } from "@/server/api/permissions";

/** 广告电商: the title, the section tabs and, for roles that cannot change ads, what they may do. */
export default async function AdsLayout({ children }: { children: ReactNode }) {
  // Signed out: each page redirects to the console sign-in with its own path to come back to.
  const staff = await currentStaff();
  if (!staff) return <>{children}</>;
  if (!roleAllows(staff.role, "ads.read")) return <Forbidden />;
  const t = await getTranslations("admin.ads");
  const canWrite = roleAllows(staff.role, "ads.write");
  return (
    <>
      <PageTitle title={t("title")} description={t("description")} />
      <AdsTabs />
      {!canWrite ? (
        <p className="mb-4 rounded-md bg-amber-50 px-4 py-2.5 text-sm text-amber-800" data-testid="ads-read-only">
          {roleAllows(staff.role, "ads.prepay") ? t("readOnlyPrepay") : t("readOnly")}
        </p>
      ) : null}
      {children}
    </>
  );
}

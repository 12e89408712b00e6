import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { UserDetailView } from "@/components/admin/user-detail-view";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.userDetail");
  return { title: t("title") };
}

export default async function UserDetailPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const { staff, allowed } = await requireStaffPage(`/admin/users/${userId}`, "users.read");
  if (!staff || !allowed) return <Forbidden />;
  if (!/^[0-9a-f-]{36}$/i.test(userId)) notFound();
  return <UserDetailView userId={userId} canFreeze={roleAllows(staff.role, "users.freeze")} canAdjust={roleAllows(staff.role, "users.adjust")} />;
}

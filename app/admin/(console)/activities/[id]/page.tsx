import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActivityEditor } from "@/components/admin/activity-editor";
import { formFromActivity } from "@/components/admin/activity-form";
import { ActivityStatusBadge } from "@/components/admin/activity-status-badge";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { serverCaller } from "@/components/trpc/server";
import { roleAllows } from "@/server/api/permissions";

export async function generateMetadata() {
  const t = await getTranslations("admin.activityEditor");
  return { title: t("editTitle") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { staff, allowed } = await requireStaffPage(`/admin/activities/${id}`, "activities.read");
  if (!staff || !allowed) return <Forbidden />;
  if (!UUID.test(id)) notFound();
  const caller = await serverCaller();
  const activity = await caller.admin.activities.get({ activityId: id }).catch(() => null);
  if (!activity) notFound();
  const t = await getTranslations("admin.activityEditor");
  const open = activity.openGroup;
  // The open group runs on its snapshot; it differs from the activity once the activity was edited.
  const outdated = !!open && JSON.stringify({ p: open.priceFen, n: open.groupSize, k: open.winners, c: open.config }) !== JSON.stringify({ p: activity.priceFen, n: activity.groupSize, k: activity.winners, c: activity.config });
  return (
    <>
      <PageTitle
        title={
          <span className="flex items-center gap-3">
            {activity.name}
            <ActivityStatusBadge status={activity.status} />
          </span>
        }
        description={t("editDescription")}
      />
      <ActivityEditor
        key={activity.updatedAt.toISOString()}
        activityId={activity.id}
        initial={formFromActivity(activity)}
        openGroup={open ? { number: open.number, seatsTaken: open.seatsTaken, groupSize: open.groupSize } : null}
        outdated={outdated}
        canWrite={roleAllows(staff.role, "activities.write")}
        ended={activity.status === "ended"}
      />
    </>
  );
}

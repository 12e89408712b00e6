import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DashboardView } from "@/components/admin/dashboard/dashboard-view";
import { INITIAL_RANGE } from "@/components/admin/dashboard/initial-range";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle } from "@/components/admin/table";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/components/trpc/server";
import { roleAllows } from "@/server/api/permissions";
import { translateOr } from "@/components/i18n/dynamic-key";

export async function generateMetadata() {
  const t = await getTranslations("admin.nav");
  return { title: t("dashboard") };
}

/** A count that may be capped by one page of the API: "100+" rather than a wrong exact number. */
function countLabel(items: unknown[], more: boolean): string {
  return `${items.length}${more ? "+" : ""}`;
}

export default async function DashboardPage() {
  const { staff, allowed } = await requireStaffPage("/admin", "dashboard.read");
  if (!staff || !allowed) return <Forbidden />;
  const t = await getTranslations("admin.dashboard");
  const roles = await getTranslations("admin.roles");
  const caller = await serverCaller();

  // The to-do counters the role can act on, beside the title.
  const todo: { label: string; value: string; href: string }[] = [];
  if (roleAllows(staff.role, "withdrawals.read")) {
    const pending = await caller.admin.withdrawals({ status: "pending", limit: 100 });
    todo.push({ label: t("pendingWithdrawals"), value: countLabel(pending.items, !!pending.nextCursor), href: "/admin/withdrawals" });
  }
  if (roleAllows(staff.role, "payments.read")) {
    const review = await caller.admin.paymentsForReview({ limit: 100 });
    todo.push({ label: t("paymentsForReview"), value: countLabel(review, review.length >= 100), href: "/admin/payments" });
  }
  await getQueryClient().prefetchQuery(trpc.admin.dashboard.overview.queryOptions(INITIAL_RANGE));

  return (
    <>
      <PageTitle
        title={t("title")}
        description={t("welcomeLine", { name: staff.displayName, role: translateOr(roles, staff.role, staff.role) })}
        actions={todo.map((c) => (
          <Link key={c.href} href={c.href} className="flex items-baseline gap-2 rounded-md border border-neutral-200 bg-white px-3 py-1.5 text-sm hover:border-brand hover:text-brand" data-testid={`todo-${c.href.split("/").pop()}`}>
            <span className="text-neutral-500">{c.label}</span>
            <span className="tabular font-semibold">{c.value}</span>
          </Link>
        ))}
      />
      <HydrateClient>
        <DashboardView canReconcile={roleAllows(staff.role, "dashboard.reconcile")} />
      </HydrateClient>
    </>
  );
}

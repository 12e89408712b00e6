import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Forbidden } from "@/components/admin/forbidden";
import { requireStaffPage } from "@/components/admin/staff";
import { PageTitle, Panel } from "@/components/admin/table";
import { serverCaller } from "@/components/trpc/server";
import { PERMISSIONS, roleAllows, type Permission } from "@/server/api/permissions";
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
  const perms = await getTranslations("admin.permissions");
  const caller = await serverCaller();

  const cards: { label: string; value: string; href: string; hint: string }[] = [];
  if (roleAllows(staff.role, "withdrawals.read")) {
    const pending = await caller.admin.withdrawals({ status: "pending", limit: 100 });
    cards.push({ label: t("pendingWithdrawals"), value: countLabel(pending.items, !!pending.nextCursor), href: "/admin/withdrawals", hint: t("pendingWithdrawalsHint") });
  }
  if (roleAllows(staff.role, "payments.read")) {
    const review = await caller.admin.paymentsForReview({ limit: 100 });
    cards.push({ label: t("paymentsForReview"), value: countLabel(review, review.length >= 100), href: "/admin/payments", hint: t("paymentsForReviewHint") });
  }
  if (roleAllows(staff.role, "users.read")) {
    const recent = await caller.admin.users({ limit: 100 });
    cards.push({ label: t("users"), value: countLabel(recent.items, !!recent.nextCursor), href: "/admin/users", hint: t("usersHint") });
  }
  const can = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAllows(staff.role, p));

  return (
    <>
      <PageTitle title={t("welcome", { name: staff.displayName })} description={t("roleLine", { role: translateOr(roles, staff.role, staff.role) })} />
      <div className="grid grid-cols-3 gap-4">
        {cards.map((c) => (
          <Link key={c.href} href={c.href} className="group">
            <Panel className="p-5 transition-shadow group-hover:shadow-md">
              <p className="text-sm text-neutral-500">{c.label}</p>
              <p className="tabular mt-2 text-3xl font-semibold">{c.value}</p>
              <p className="mt-2 text-xs text-neutral-400">{c.hint}</p>
            </Panel>
          </Link>
        ))}
      </div>
      <Panel className="mt-4 p-5">
        <h2 className="font-semibold">{t("canDo")}</h2>
        <ul className="mt-3 grid grid-cols-2 gap-x-8 gap-y-2 text-sm text-neutral-700">
          {can.map((p) => (
            <li key={p} className="flex items-center gap-2">
              <span aria-hidden="true" className="size-1.5 rounded-full bg-green-500" />
              {translateOr(perms, p.replace(".", "_"), p)}
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}

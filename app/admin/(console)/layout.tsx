import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Sidebar } from "@/components/admin/sidebar";
import { currentStaff } from "@/components/admin/staff";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { LocaleSwitch } from "@/components/i18n/locale-switch";
import { EmptyState } from "@/components/ui/empty-state";
import { ShieldIcon } from "@/components/ui/icons";
import { auth } from "@/server/auth";
import { translateOr } from "@/components/i18n/dynamic-key";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: { template: `%s · ${t("consoleName")}`, default: t("consoleName") } };
}

/** The console frame: sidebar by area, top bar with who is signed in and in what role. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Signed out: each page redirects to the console sign-in with its own path to come back to.
  if (!(await auth())?.user?.id) return <>{children}</>;
  const t = await getTranslations("admin");
  const staff = await currentStaff();
  if (!staff) {
    return (
      <div className="flex min-h-dvh items-center justify-center bg-neutral-100 p-8">
        <div className="w-full max-w-md rounded-xl bg-white p-6">
          <EmptyState icon={<ShieldIcon size={28} />} title={t("notStaffTitle")} description={t("notStaffBody")} />
          <SignOutButton redirectTo="/admin/login" className="mt-2 flex h-10 w-full items-center justify-center gap-2 rounded-md border border-neutral-300 text-sm text-neutral-700 hover:bg-neutral-50" />
        </div>
      </div>
    );
  }
  return (
    <div className="flex min-h-dvh bg-[#f0f2f5] text-neutral-900">
      <Sidebar role={staff.role} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-20 flex h-14 items-center justify-end gap-4 border-b border-neutral-200 bg-white px-6">
          <LocaleSwitch compact />
          <div className="flex items-center gap-2.5 border-l border-neutral-200 pl-4" data-testid="console-user">
            <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-full bg-brand/10 text-sm font-semibold text-brand">
              {Array.from(staff.displayName)[0] ?? "?"}
            </span>
            <span className="text-sm font-medium">{staff.displayName}</span>
            <span className="rounded bg-neutral-100 px-2 py-0.5 text-xs text-neutral-600">{translateOr(t, `roles.${staff.role}`, staff.role)}</span>
          </div>
          <SignOutButton redirectTo="/admin/login" className="flex h-8 items-center gap-1.5 rounded-md px-2 text-sm text-neutral-600 hover:bg-neutral-100" />
        </header>
        <main className="flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}

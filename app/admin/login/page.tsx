import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { currentStaff } from "@/components/admin/staff";
import { LoginForm } from "@/components/auth/login-form";
import { safeNext } from "@/components/auth/safe-next";
import { LocaleSwitch } from "@/components/i18n/locale-switch";
import { Logo } from "@/components/ui/logo";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("signInTitle") };
}

export default async function ConsoleLoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentStaff()) redirect(safeNext(next, "/admin"));
  const t = await getTranslations("admin");
  return (
    <div className="flex min-h-dvh bg-[#f0f2f5]">
      <div className="hidden w-[44%] flex-col justify-between bg-[#001529] p-12 text-white lg:flex">
        <Logo size={40} name={t("consoleName")} light />
        <div>
          <p className="text-3xl leading-snug font-semibold">{t("loginHeadline")}</p>
          <p className="mt-3 max-w-md text-sm leading-relaxed text-white/60">{t("loginBody")}</p>
        </div>
        <p className="text-xs text-white/40">{t("loginFoot")}</p>
      </div>
      <div className="flex flex-1 flex-col items-center justify-center p-8">
        <div className="w-full max-w-sm">
          <div className="mb-6 flex items-center justify-between">
            <h1 className="text-2xl font-semibold">{t("signInTitle")}</h1>
            <LocaleSwitch compact />
          </div>
          <div className="rounded-xl bg-white p-6 shadow-sm">
            <LoginForm next={safeNext(next, "/admin")} variant="console" />
          </div>
        </div>
      </div>
    </div>
  );
}

import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LocaleSwitch } from "@/components/i18n/locale-switch";
import { Logo } from "@/components/ui/logo";

/** Sign-in and sign-up: a brand band on top, the form on a card; no tab bar. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("shell");
  return (
    <div className="mx-auto flex min-h-dvh max-w-md flex-col bg-neutral-100">
      <div className="bg-gradient-to-b from-brand to-[#f0553c] px-6 pt-[calc(env(safe-area-inset-top)+2.5rem)] pb-16 text-white">
        <div className="flex items-center justify-between">
          <Logo light size={44} name={t("appName")} />
          <LocaleSwitch />
        </div>
        <p className="mt-3 text-sm text-white/85">{t("tagline")}</p>
      </div>
      <main className="-mt-10 flex-1 px-4 pb-[calc(env(safe-area-inset-bottom)+1.5rem)]">{children}</main>
    </div>
  );
}

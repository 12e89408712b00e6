"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { LogoutIcon } from "../ui/icons";

export function SignOutButton({ redirectTo = "/login", className }: { redirectTo?: string; className?: string }) {
  const t = useTranslations("common");
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ redirect: false }).catch(() => undefined);
        window.location.assign(redirectTo);
      }}
      className={className ?? "flex min-h-12 w-full items-center justify-center gap-2 rounded-2xl bg-white text-[15px] text-neutral-700 active:bg-neutral-50 disabled:opacity-60"}
    >
      <LogoutIcon size={18} />
      {t("signOut")}
    </button>
  );
}

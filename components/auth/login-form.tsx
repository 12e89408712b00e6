"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { retryParams } from "@/server/domain/auth/sign-in-throttle";
import { safeNext } from "./safe-next";

/**
 * Phone + password. A wrong number and a wrong password read the same (no account probing);
 * a rate-limited attempt says so. The console variant refuses shoppers (no session is opened for them).
 */
export function LoginForm({ next, variant = "shop" }: { next?: string; variant?: "shop" | "console" }) {
  const t = useTranslations("auth");
  const tErrors = useTranslations("errors");
  const retryIn = (seconds: number) => tErrors("RATE_LIMITED", retryParams(seconds * 1000));
  const [phone, setPhone] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    setError(null);
    setPending(true);
    let leaving = false;
    try {
      // The console's sign-in refuses a shopper before any session is opened.
      const res = await signIn("credentials", { phone: phone.trim(), password, scope: variant === "console" ? "console" : "shop", redirect: false });
      if (!res || res.error) {
        const wait = /^rate_limited_(\d+)$/.exec(res?.code ?? "");
        if (wait) setError(retryIn(Number(wait[1])));
        else setError(res?.code === "not_staff" ? t("notStaff") : t("badCredentials"));
        return;
      }
      // A full load, so every server component renders with the new session cookie.
      leaving = true;
      window.location.assign(safeNext(next, variant === "console" ? "/admin" : "/me"));
    } catch {
      setError(t("networkError"));
    } finally {
      if (!leaving) setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field label={t("phone")} name="phone" type="tel" inputMode="numeric" autoComplete="tel" placeholder={t("phonePlaceholder")} value={phone} onChange={(e) => setPhone(e.target.value)} required maxLength={20} />
      <Field label={t("password")} name="password" type="password" autoComplete="current-password" placeholder={t("passwordPlaceholder")} value={password} onChange={(e) => setPassword(e.target.value)} required maxLength={128} />
      <FormError>{error}</FormError>
      <Button type="submit" size="lg" loading={pending} disabled={!phone || !password}>
        {t("signIn")}
      </Button>
    </form>
  );
}

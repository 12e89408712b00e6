"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";

type FieldName = "phone" | "password" | "referralCode";

// Which field a domain error belongs to; anything else is shown above the button.
const FIELD_OF: Record<string, FieldName> = {
  INVALID_PHONE: "phone",
  PHONE_TAKEN: "phone",
  WEAK_PASSWORD: "password",
  UNKNOWN_REFERRAL_CODE: "referralCode",
};

/** Sign-up; a code from an invitation link is bound and cannot be edited. Signs in and goes to 我的. */
export function SignupForm({ boundCode }: { boundCode?: string }) {
  const t = useTranslations("auth");
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [phone, setPhone] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState(boundCode ?? "");
  const [errors, setErrors] = useState<Partial<Record<FieldName | "form", string>>>({});
  const [leaving, setLeaving] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (signUp.isPending || leaving) return;
    const local: typeof errors = {};
    const digits = phone.replace(/[\s-]/g, "");
    if (!/^(\+?86)?1[3-9]\d{9}$/.test(digits)) local.phone = t("invalidPhone");
    if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) local.password = t("passwordRule");
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await signUp.mutateAsync({ phone: digits, password, referralCode: code.trim() || null });
    } catch (err) {
      const shown = readError(err, t("networkError"));
      const field = shown.code ? FIELD_OF[shown.code] : undefined;
      setErrors({ [field ?? "form"]: shown.message });
      return;
    }
    setLeaving(true);
    const res = await signIn("credentials", { phone: digits, password, redirect: false }).catch(() => null);
    // The account exists either way; if signing in failed, the sign-in page takes over.
    window.location.assign(res && !res.error ? "/me" : "/login?next=%2Fme");
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <Field label={t("phone")} name="phone" type="tel" inputMode="numeric" autoComplete="tel" placeholder={t("phonePlaceholder")} value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.phone} maxLength={20} />
      <Field label={t("password")} name="password" type="password" autoComplete="new-password" placeholder={t("newPasswordPlaceholder")} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} hint={t("passwordRule")} maxLength={128} />
      <Field
        label={t("referralCode")}
        name="referralCode"
        autoCapitalize="characters"
        autoComplete="off"
        placeholder={t("referralCodePlaceholder")}
        value={code}
        onChange={(e) => setCode(e.target.value.toUpperCase())}
        readOnly={!!boundCode}
        inputClassName={boundCode ? "font-mono tracking-widest text-neutral-600" : "font-mono tracking-widest"}
        error={errors.referralCode}
        hint={boundCode ? t("referralBound") : t("referralOptional")}
        maxLength={16}
      />
      <FormError>{errors.form}</FormError>
      <Button type="submit" size="lg" loading={signUp.isPending || leaving}>
        {t("signUp")}
      </Button>
    </form>
  );
}

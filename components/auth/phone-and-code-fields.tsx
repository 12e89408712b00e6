"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { readError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Field } from "../ui/input";
import { looksLikePhone, looksLikeStrongPassword, phoneDigits } from "./form-rules";

/**
 * The number and the SMS code that proves it, with the "get code" button and its resend countdown
 * (sign-up and password reset). What the server says after sending never depends on whether the
 * number has an account.
 */
export function PhoneAndCodeFields({
  phone,
  onPhone,
  purpose,
  value,
  onChange,
  errors,
  onErrors,
}: {
  phone: string;
  onPhone: (phone: string) => void;
  purpose: "signup" | "reset";
  value: string;
  onChange: (code: string) => void;
  errors: { phone?: string; code?: string };
  onErrors: (patch: { phone?: string; code?: string }) => void;
}) {
  const t = useTranslations("auth");
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestCode.mutationOptions());
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState(false);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  async function send() {
    if (request.isPending || wait > 0) return;
    if (!looksLikePhone(phone)) return onErrors({ phone: t("invalidPhone") });
    onErrors({ phone: undefined, code: undefined });
    try {
      const res = await request.mutateAsync({ phone: phoneDigits(phone), purpose });
      setSent(true);
      setWait(res.resendAfterSeconds);
    } catch (err) {
      onErrors({ code: readError(err, t("networkError")).message });
    }
  }

  return (
    <>
      <Field label={t("phone")} name="phone" type="tel" inputMode="numeric" autoComplete="tel" placeholder={t("phonePlaceholder")} value={phone} onChange={(e) => onPhone(e.target.value)} error={errors.phone} maxLength={20} />
      <div className="flex items-start gap-2">
      <Field
        className="flex-1"
        label={t("code")}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        placeholder={t("codePlaceholder")}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, "").slice(0, 6))}
        error={errors.code}
        hint={sent ? (purpose === "signup" ? t("codeSent") : t("codeSentIfRegistered")) : undefined}
        maxLength={6}
      />
      <button
        type="button"
        onClick={send}
        disabled={request.isPending || wait > 0}
        className="mt-[26px] h-11 shrink-0 rounded-lg border border-brand px-3 text-sm font-medium text-brand disabled:border-neutral-300 disabled:text-neutral-400"
      >
        {wait > 0 ? t("resendIn", { seconds: wait }) : t("sendCode")}
      </button>
      </div>
    </>
  );
}

/** The checks both forms make before sending: a number, a 6-digit code, a password by the rule. */
export function provenNumberFormErrors(input: { phone: string; code: string; password: string }, t: (key: "invalidPhone" | "codePlaceholder" | "passwordRule") => string) {
  const local: { phone?: string; code?: string; password?: string } = {};
  if (!looksLikePhone(input.phone)) local.phone = t("invalidPhone");
  if (!/^\d{6}$/.test(input.code)) local.code = t("codePlaceholder");
  if (!looksLikeStrongPassword(input.password)) local.password = t("passwordRule");
  return local;
}

/** After the account exists: sign in with the new password and go to 我的 (the sign-in page takes over if that fails). */
export async function signInAndGoHome(phone: string, password: string): Promise<void> {
  const res = await signIn("credentials", { phone: phoneDigits(phone), password, redirect: false }).catch(() => null);
  window.location.assign(res && !res.error ? "/me" : "/login?next=%2Fme");
}

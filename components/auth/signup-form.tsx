"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { errorForField } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { PhoneAndCodeFields, provenNumberFormErrors, signInAndGoHome } from "./phone-and-code-fields";
import { phoneDigits } from "./form-rules";

type FieldName = "phone" | "code" | "password" | "referralCode";

// Which field a domain error belongs to; anything else is shown above the button.
const FIELD_OF: Record<string, FieldName> = {
  INVALID_PHONE: "phone",
  PHONE_TAKEN: "phone",
  CODE_INVALID: "code",
  WEAK_PASSWORD: "password",
  UNKNOWN_REFERRAL_CODE: "referralCode",
};

/** Sign-up with the SMS code that proves the number; a code from an invitation link is bound and cannot be edited. Signs in and goes to 我的. */
export function SignupForm({ boundCode }: { boundCode?: string }) {
  const t = useTranslations("auth");
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [phone, setPhone] = useState("");
  const [smsCode, setSmsCode] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState(boundCode ?? "");
  const [errors, setErrors] = useState<Partial<Record<FieldName | "form", string>>>({});
  const [leaving, setLeaving] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (signUp.isPending || leaving) return;
    const local: typeof errors = provenNumberFormErrors({ phone, code: smsCode, password }, t);
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await signUp.mutateAsync({ phone: phoneDigits(phone), code: smsCode, password, referralCode: code.trim() || null });
    } catch (err) {
      setErrors(errorForField(err, FIELD_OF, t("networkError")));
      return;
    }
    setLeaving(true);
    await signInAndGoHome(phone, password);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <PhoneAndCodeFields phone={phone} onPhone={setPhone} purpose="signup" value={smsCode} onChange={setSmsCode} errors={errors} onErrors={(patch) => setErrors((e) => ({ ...e, ...patch }))} />
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

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

type FieldName = "phone" | "code" | "password";
const FIELD_OF: Record<string, FieldName> = { INVALID_PHONE: "phone", CODE_INVALID: "code", WEAK_PASSWORD: "password" };

/** A new password for the number the SMS code proves; every other session of the account ends. Signs in and goes to 我的. */
export function ResetPasswordForm() {
  const t = useTranslations("auth");
  const trpc = useTRPC();
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const [phone, setPhone] = useState("");
  const [smsCode, setSmsCode] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FieldName | "form", string>>>({});
  const [leaving, setLeaving] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (reset.isPending || leaving) return;
    const local: typeof errors = provenNumberFormErrors({ phone, code: smsCode, password }, t);
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await reset.mutateAsync({ phone: phoneDigits(phone), code: smsCode, password });
    } catch (err) {
      setErrors(errorForField(err, FIELD_OF, t("networkError")));
      return;
    }
    setLeaving(true);
    await signInAndGoHome(phone, password);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
      <PhoneAndCodeFields phone={phone} onPhone={setPhone} purpose="reset" value={smsCode} onChange={setSmsCode} errors={errors} onErrors={(patch) => setErrors((e) => ({ ...e, ...patch }))} />
      <Field label={t("newPassword")} name="password" type="password" autoComplete="new-password" placeholder={t("newPasswordPlaceholder")} value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} hint={t("passwordRule")} maxLength={128} />
      <FormError>{errors.form}</FormError>
      <Button type="submit" size="lg" loading={reset.isPending || leaving}>
        {t("resetSubmit")}
      </Button>
    </form>
  );
}

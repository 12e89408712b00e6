import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Card } from "@/components/ui/card";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("resetTitle") };
}

export default async function ResetPasswordPage() {
  const t = await getTranslations("auth");
  return (
    <Card className="p-5">
      <h1 className="mb-5 text-xl font-semibold">{t("resetTitle")}</h1>
      <ResetPasswordForm />
      <p className="mt-5 text-center text-sm text-neutral-500">
        <Link href="/login" className="inline-block py-3 font-medium text-brand">
          {t("goSignIn")}
        </Link>
      </p>
    </Card>
  );
}

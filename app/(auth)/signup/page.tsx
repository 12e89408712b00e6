import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignupForm } from "@/components/auth/signup-form";
import { Card } from "@/components/ui/card";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("signUpTitle") };
}

export default async function SignupPage() {
  const t = await getTranslations("auth");
  return (
    <Card className="p-5">
      <h1 className="mb-5 text-xl font-semibold">{t("signUpTitle")}</h1>
      <SignupForm />
      <p className="mt-5 text-center text-sm text-neutral-500">
        {t("haveAccount")}{" "}
        <Link href="/login" className="inline-block py-3 font-medium text-brand">
          {t("goSignIn")}
        </Link>
      </p>
    </Card>
  );
}

import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LoginForm } from "@/components/auth/login-form";
import { safeNext } from "@/components/auth/safe-next";
import { Card } from "@/components/ui/card";
import { auth } from "@/server/auth";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("signInTitle") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const session = await auth();
  if (session?.user?.id) redirect(safeNext(next));
  const t = await getTranslations("auth");
  return (
    <Card className="p-5">
      <h1 className="mb-5 text-xl font-semibold">{t("signInTitle")}</h1>
      <LoginForm next={next} />
      <p className="mt-2 text-right text-sm">
        <Link href="/reset-password" className="inline-flex min-h-11 items-center text-neutral-500">
          {t("forgotPassword")}
        </Link>
      </p>
      <p className="mt-5 text-center text-sm text-neutral-500">
        {t("noAccount")}{" "}
        <Link href="/signup" className="inline-block py-3 font-medium text-brand">
          {t("goSignUp")}
        </Link>
      </p>
    </Card>
  );
}

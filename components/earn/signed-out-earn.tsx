import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { PlayIcon } from "../ui/icons";

/** For visitors: what the 赚钱 tab does, and signing in to see the tiers and start. */
export async function SignedOutEarn() {
  const t = await getTranslations("earn.signedOut");
  const steps = [t("step1"), t("step2"), t("step3")];
  return (
    <Card className="overflow-hidden" data-testid="earn-signed-out">
      <div className="flex flex-col items-center bg-gradient-to-b from-brand/10 to-white px-6 pt-8 pb-5 text-center">
        <div className="flex size-16 items-center justify-center rounded-3xl bg-white text-brand shadow-sm">
          <PlayIcon size={34} />
        </div>
        <h2 className="mt-4 text-lg font-semibold text-neutral-900">{t("title")}</h2>
        <p className="mt-2 text-sm leading-relaxed text-neutral-600">{t("body")}</p>
      </div>
      <ol className="flex flex-col gap-3 px-5 py-2">
        {steps.map((step, i) => (
          <li key={i} className="flex gap-3 text-sm text-neutral-700">
            <span aria-hidden="true" className="tabular flex size-5 shrink-0 items-center justify-center rounded-full bg-brand text-[11px] font-medium text-white">
              {i + 1}
            </span>
            <span>{step}</span>
          </li>
        ))}
      </ol>
      <div className="px-5 pt-3 pb-5">
        <ButtonLink href={`/login?next=${encodeURIComponent("/earn")}`} size="lg">
          {t("signIn")}
        </ButtonLink>
        <p className="mt-2 text-center text-sm text-neutral-500">
          {t("noAccount")}{" "}
          <Link href="/signup" className="inline-block py-3 font-medium text-brand">
            {t("signUp")}
          </Link>
        </p>
      </div>
    </Card>
  );
}

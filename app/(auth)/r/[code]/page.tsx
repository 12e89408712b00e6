import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { previewMetadata } from "@/components/referral/preview-metadata";
import { maskName } from "@/server/domain/shared/mask-name";
import { pickLocale } from "@/server/i18n/locales";
import { invitePreviewText } from "@/server/og/image-text";
import { SignupForm } from "@/components/auth/signup-form";
import { serverCaller } from "@/components/trpc/server";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { AlertIcon, GiftIcon } from "@/components/ui/icons";

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }) {
  const t = await getTranslations("auth");
  const code = decodeURIComponent((await params).code).trim().toUpperCase();
  const referrer = await (await serverCaller()).auth.referrer({ code }).catch(() => null);
  if (!referrer) return { title: t("inviteTitle") };
  return previewMetadata(invitePreviewText(maskName(referrer.displayName), pickLocale(await getLocale())), "invite", code, `/r/${code}`);
}

/** An invitation link: who invites you, then the sign-up form with their code bound. */
export default async function ReferralPage({ params }: { params: Promise<{ code: string }> }) {
  const { code: raw } = await params;
  const code = decodeURIComponent(raw).trim().toUpperCase();
  const t = await getTranslations("auth");
  const caller = await serverCaller();
  const referrer = await caller.auth.referrer({ code }).catch(() => null);

  if (!referrer) {
    return (
      <Card>
        <EmptyState
          icon={<AlertIcon size={28} />}
          title={t("inviteInvalidTitle")}
          description={t("inviteInvalidBody")}
          action={
            <Link href="/signup" className="inline-block py-3 font-medium text-brand underline underline-offset-4">
              {t("signUpWithoutCode")}
            </Link>
          }
        />
      </Card>
    );
  }

  return (
    <Card className="p-5">
      <div className="mb-5 flex items-center gap-3 rounded-xl bg-brand/5 p-3">
        <span className="flex size-11 shrink-0 items-center justify-center rounded-full bg-brand text-white">
          <GiftIcon size={22} />
        </span>
        <div className="min-w-0">
          <p className="truncate text-base font-semibold text-neutral-900" data-testid="inviter">
            {t("invitedBy", { name: referrer.displayName })}
          </p>
          <p className="text-xs text-neutral-500">{t("inviteBody")}</p>
        </div>
      </div>
      <SignupForm boundCode={code} />
      <p className="mt-5 text-center text-sm text-neutral-500">
        {t("haveAccount")}{" "}
        <Link href="/login" className="inline-block py-3 font-medium text-brand">
          {t("goSignIn")}
        </Link>
      </p>
    </Card>
  );
}

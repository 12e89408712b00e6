import { getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { CopyButton } from "@/components/me/copy-button";
import { InviteLinkQr } from "@/components/me/invite-link-qr";
import { siteOrigin } from "@/components/me/site-origin";
import { DownlineList } from "@/components/referral/downline-list";
import { EarningsHistory } from "@/components/referral/earnings-history";
import { EarningsSummary } from "@/components/referral/earnings-summary";
import { PosterPicker } from "@/components/referral/poster-picker";
import { PromoterCard } from "@/components/referral/promoter-card";
import { DOWNLINE_INPUT, EARNINGS_INPUT } from "@/components/referral/query-inputs";
import { PageHeader } from "@/components/shop/page-header";
import { PAGED } from "@/components/wallet/query-inputs";
import { getQueryClient, HydrateClient, serverCaller, trpc } from "@/components/trpc/server";
import { Card, CardTitle } from "@/components/ui/card";

export async function generateMetadata() {
  const t = await getTranslations("referral");
  return { title: t("title") };
}

/** 推广中心 (spec §6, §9): my link, QR code and poster; validity; my team; what I earned from it. */
export default async function ReferralPage() {
  await requireSession("/referral");
  const t = await getTranslations("referral");
  const common = await getTranslations("common");
  const caller = await serverCaller();
  const qc = getQueryClient();
  const [centre, choices] = await Promise.all([
    caller.referrals.centre(),
    caller.referrals.posterChoices(),
    qc.prefetchInfiniteQuery(trpc.referrals.downline.infiniteQueryOptions(DOWNLINE_INPUT[1], PAGED)),
    qc.prefetchInfiniteQuery(trpc.referrals.earnings.infiniteQueryOptions(EARNINGS_INPUT, PAGED)),
  ]);
  const inviteUrl = `${await siteOrigin()}/r/${centre.code}`;

  return (
    <HydrateClient>
      <PageHeader title={t("title")} backHref="/me" backLabel={common("back")} />
      <div className="flex flex-col gap-3 p-4">
        <PromoterCard promoter={centre.promoter} missed={centre.missed} />

        <Card>
          <CardTitle>{t("linkTitle")}</CardTitle>
          <div className="flex flex-col gap-3 px-4 pb-4">
            <InviteLinkQr url={inviteUrl} qrAlt={t("qrAlt", { url: inviteUrl })} copyLabel={t("copyLink")} />
            <div className="flex items-center justify-between gap-2 rounded-xl bg-neutral-50 px-3 py-2">
              <p className="text-sm text-neutral-500">
                {t("myCode")} <span className="font-mono text-base font-semibold tracking-[0.15em] text-neutral-900">{centre.code}</span>
              </p>
              <CopyButton text={centre.code} label={t("copyCode")} />
            </div>
          </div>
        </Card>

        <Card>
          <CardTitle>{t("posterTitle")}</CardTitle>
          <PosterPicker choices={choices} />
        </Card>

        <Card>
          <CardTitle>{t("earningsTitle")}</CardTitle>
          <EarningsSummary earnings={centre.earnings} />
        </Card>

        <Card>
          <CardTitle>{t("teamTitle")}</CardTitle>
          <DownlineList counts={centre.downline} />
        </Card>

        <Card>
          <CardTitle>{t("historyTitle")}</CardTitle>
          <EarningsHistory />
        </Card>

        <Card>
          <CardTitle>{t("bindingTitle")}</CardTitle>
          <p className="px-4 pb-4 text-sm leading-relaxed text-neutral-600" data-testid="binding-rules">
            {t("bindingBody")}
          </p>
        </Card>
      </div>
    </HydrateClient>
  );
}

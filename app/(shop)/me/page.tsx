import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireSession } from "@/components/auth/require-session";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { LocaleSwitch } from "@/components/i18n/locale-switch";
import { CopyButton } from "@/components/me/copy-button";
import { GroupBuyCard } from "@/components/me/group-buy-card";
import { FrozenBanner } from "@/components/me/frozen-banner";
import { InviteLinkQr } from "@/components/me/invite-link-qr";
import { ProfileEditor } from "@/components/me/profile-editor";
import { siteOrigin } from "@/components/me/site-origin";
import { formatFen } from "@/components/money/format-fen";
import { PageHeader } from "@/components/shop/page-header";
import { serverCaller } from "@/components/trpc/server";
import { Card, CardTitle } from "@/components/ui/card";
import { ChevronRightIcon, CoinIcon, GiftIcon, GlobeIcon, ReceiptIcon, StoreIcon, UsersIcon, WalletIcon } from "@/components/ui/icons";
import { pickLocale } from "@/server/i18n/locales";

export async function generateMetadata() {
  const t = await getTranslations("shell.tabs");
  return { title: t("me") };
}

/** 我的: who I am, my wallet at a glance, group buys (promoter validity, no-win privileges, entries, notifications), my invitation, language, sign out. */
export default async function MePage() {
  await requireSession("/me");
  const t = await getTranslations("me");
  const tabs = await getTranslations("shell.tabs");
  const referral = await getTranslations("referral");
  const locale = pickLocale(await getLocale());
  const caller = await serverCaller();
  const [profile, overview, drawStatus, notes, store] = await Promise.all([
    caller.wallet.me(),
    caller.wallet.overview(),
    caller.activities.myDrawStatus(),
    caller.activities.notifications({ limit: 1 }),
    caller.store.wallet(),
  ]);
  const inviteUrl = `${await siteOrigin()}/r/${profile.referralCode}`;

  return (
    <>
      <PageHeader title={tabs("me")} tone="brand" />
      <section className="bg-gradient-to-b from-brand to-brand/0 px-4 pt-2 pb-6">
        <ProfileEditor profile={{ displayName: profile.displayName, phone: profile.phone, avatarVariant: profile.avatarVariant, avatarKey: profile.avatarKey, avatars: profile.avatars }} />
      </section>

      <div className="-mt-3 flex flex-col gap-3 px-4 pb-6">
        {profile.frozen ? <FrozenBanner reason={profile.frozenReason} /> : null}
        <Card>
          <Link href="/wallet" className="flex min-h-14 items-center gap-3 px-4 py-3">
            <WalletIcon size={22} className="text-brand" />
            <span className="flex-1 text-[15px] font-medium">{t("wallet")}</span>
            <span className="text-right">
              <span className="block text-xs text-neutral-500">{overview.displayNames.cash[locale]}</span>
              <span className="tabular block text-[15px] font-semibold">{formatFen(overview.balances.cash)}</span>
            </span>
            <ChevronRightIcon size={18} className="text-neutral-400" />
          </Link>
        </Card>

        <Card>
          <ul className="divide-y divide-neutral-100">
            {([
              ["/referral", referral("entry"), UsersIcon],
              ["/orders", t("orders"), ReceiptIcon],
              ["/addresses", t("addresses"), StoreIcon],
              ["/mall", t("mall"), GiftIcon],
              ["/pool", t("pool"), CoinIcon],
            ] as const).map(([href, label, Icon]) => (
              <li key={href}>
                <Link href={href} className="flex min-h-12 items-center gap-3 px-4 py-2">
                  <Icon size={20} className="text-brand" />
                  <span className="flex-1 text-[15px]">{label}</span>
                  <ChevronRightIcon size={18} className="text-neutral-400" />
                </Link>
              </li>
            ))}
          </ul>
        </Card>

        <GroupBuyCard status={drawStatus} unread={notes.unread} />

        <Card>
          <CardTitle>{t("inviteTitle")}</CardTitle>
          <div className="px-4 pb-4">
            <p className="text-sm text-neutral-500">{t("inviteBody")}</p>
            <div className="mt-3 flex items-center justify-between gap-3 rounded-xl bg-neutral-50 px-3 py-2">
              <div className="min-w-0">
                <p className="text-xs text-neutral-500">{t("myCode")}</p>
                <p className="font-mono text-xl font-semibold tracking-[0.2em] text-neutral-900" data-testid="referral-code">
                  {profile.referralCode}
                </p>
              </div>
              <CopyButton text={profile.referralCode} label={t("copyCode")} />
            </div>
            <div className="mt-3">
              <InviteLinkQr url={inviteUrl} qrAlt={t("qrAlt", { url: inviteUrl })} copyLabel={t("copyLink")} />
            </div>
            <p className="mt-3 text-sm text-neutral-600">
              {t("referredBy")}
              {profile.referrerName ? <span className="font-medium text-neutral-900">{profile.referrerName}</span> : <span className="text-neutral-400">{t("noReferrer")}</span>}
            </p>
            <div className="mt-3 grid grid-cols-2 gap-2 rounded-xl bg-neutral-50 p-3 text-center" data-testid="commission">
              <div>
                <p className="text-xs text-neutral-500">{t("commissionHeld")}</p>
                <p className="tabular mt-0.5 font-semibold text-neutral-900">{formatFen(store.commission.heldFen)}</p>
              </div>
              <div>
                <p className="text-xs text-neutral-500">{t("commissionPaid")}</p>
                <p className="tabular mt-0.5 font-semibold text-neutral-900">{formatFen(store.commission.paidFen)}</p>
              </div>
            </div>
          </div>
        </Card>

        <Card>
          <div className="flex min-h-14 items-center gap-3 px-4 py-2">
            <GlobeIcon size={22} className="text-neutral-500" />
            <span className="flex-1 text-[15px]">{t("language")}</span>
            <LocaleSwitch />
          </div>
        </Card>

        <SignOutButton />
      </div>
    </>
  );
}

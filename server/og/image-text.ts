import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { formatFen } from "@/components/money/format-fen";
import type { PosterItem, PosterSubject } from "../domain/referrals/poster-subject";
import type { Locale } from "../i18n/locales";

const MESSAGES = { "zh-CN": zhCN, en } as const;

/** Every string a share poster draws, in one place: what the renderer is fed (and what tests read). */
export interface PosterText {
  brand: string;
  tagline: string;
  invite: string;
  itemLabel: string | null;
  itemName: string | null;
  price: string | null;
  itemMeta: string | null;
  noItem: string | null;
  scan: string;
  code: string;
  url: string;
}

export function posterText(subject: PosterSubject, locale: Locale, inviteUrl: string): PosterText {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "referral.poster" });
  const brand = createTranslator({ locale, messages: MESSAGES[locale], namespace: "shell" })("appName");
  const item = subject.item;
  return {
    brand,
    tagline: t("tagline"),
    invite: t("invite", { name: subject.inviter }),
    itemLabel: item ? t(item.kind === "activity" ? "activity" : "product") : null,
    itemName: item?.name ?? null,
    price: item ? formatFen(item.priceFen) : null,
    itemMeta: item?.groupSize && item.winners ? t("groupMeta", { size: item.groupSize, winners: item.winners }) : null,
    noItem: item ? null : t("noItem"),
    scan: t("scan"),
    code: t("code", { code: subject.code }),
    url: inviteUrl,
  };
}

/** A link preview card's strings: a title and a line under it, and the brand. */
export interface PreviewText {
  brand: string;
  title: string;
  body: string;
}

export function invitePreviewText(inviter: string, locale: Locale): PreviewText {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "referral.og" });
  return { brand: brandOf(locale), title: t("inviteTitle", { name: inviter }), body: t("inviteBody") };
}

export function itemPreviewText(item: PosterItem, locale: Locale): PreviewText {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "referral.og" });
  const price = formatFen(item.priceFen);
  const body = item.kind === "activity" ? t("activityBody", { price, size: item.groupSize ?? 0, winners: item.winners ?? 0 }) : t("productBody", { price });
  return { brand: brandOf(locale), title: item.name, body };
}

function brandOf(locale: Locale): string {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: "shell" })("appName");
}

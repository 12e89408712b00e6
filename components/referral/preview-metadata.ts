import "server-only";
import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { siteOrigin } from "../me/site-origin";
import type { PreviewText } from "@/server/og/image-text";
import { pickLocale } from "@/server/i18n/locales";
import { PREVIEW_SIZE } from "@/server/og/render-preview";

/**
 * Open Graph and Twitter card tags for a shared page: the same title and line as its preview image,
 * which `/api/og/<kind>/<id>` draws per page in the visitor's language (crawlers get zh-CN).
 */
export async function previewMetadata(text: PreviewText, kind: "invite" | "activity" | "product", id: string, path: string): Promise<Metadata> {
  const origin = await siteOrigin();
  const locale = pickLocale(await getLocale());
  const image = { url: `${origin}/api/og/${kind}/${encodeURIComponent(id)}?locale=${locale}`, ...PREVIEW_SIZE, alt: text.title };
  return {
    title: text.title,
    description: text.body,
    openGraph: { type: "website", siteName: text.brand, url: `${origin}${path}`, title: text.title, description: text.body, images: [image], locale: locale === "en" ? "en_US" : "zh_CN" },
    twitter: { card: "summary_large_image", title: text.title, description: text.body, images: [image.url] },
  };
}

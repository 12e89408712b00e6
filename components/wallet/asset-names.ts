import type { Asset } from "@/db/schema";
import { pickLocale } from "@/server/i18n/locales";

export const ASSET_ORDER: readonly Asset[] = ["cash", "credit", "divPoints", "mallPoints", "voucher"];

type DisplayNames = Record<Asset, { "zh-CN": string; en: string }>;

/** The operator's name for an asset in the reader's language (spec §1: some names are configurable). */
export function assetName(names: DisplayNames, asset: string, locale: string): string {
  const entry = (names as Record<string, { "zh-CN": string; en: string } | undefined>)[asset];
  return entry ? entry[pickLocale(locale)] : asset;
}

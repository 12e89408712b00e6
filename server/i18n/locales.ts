export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "NEXT_LOCALE";

/** The user's chosen locale from the cookie, else zh-CN (the product's default, not the browser's). */
export function pickLocale(cookieValue: string | undefined | null): Locale {
  return (LOCALES as readonly string[]).includes(cookieValue ?? "") ? (cookieValue as Locale) : DEFAULT_LOCALE;
}

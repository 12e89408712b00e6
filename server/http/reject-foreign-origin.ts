import { cookies } from "next/headers";
import { LOCALE_COOKIE, pickLocale } from "../i18n/locales";
import { translateError } from "../i18n/translate-error";
import { isAllowedOrigin } from "./check-origin";

/** For route handlers: a 403 response when a mutating request lacks our Origin, else null. */
export async function rejectForeignOrigin(req: Request): Promise<Response | null> {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return null;
  if (isAllowedOrigin(req.headers, req.url)) return null;
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return Response.json({ error: { code: "ORIGIN_REJECTED", message: translateError(locale, "ORIGIN_REJECTED") } }, { status: 403 });
}

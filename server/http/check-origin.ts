import { env } from "../env";

/**
 * CSRF guard for mutating routes: the Origin header must be present and be this site's own origin
 * (as the request reached us) or one listed in ALLOWED_ORIGINS. Browsers always send Origin on
 * POST, so a request without one is not from our pages.
 */
export function isAllowedOrigin(headers: Pick<Headers, "get">, requestUrl: string): boolean {
  const origin = headers.get("origin");
  if (!origin) return false;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto = headers.get("x-forwarded-proto") ?? new URL(requestUrl).protocol.replace(":", "");
  const own = host ? `${proto}://${host}` : new URL(requestUrl).origin;
  const extra = env().ALLOWED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean);
  return origin === own || extra.includes(origin);
}

import { safeNext } from "@/components/auth/safe-next";
import { auth } from "@/server/auth";
import { env } from "@/server/env";
import { cookieLocale, errorResponse } from "@/server/http/error-response";
import { newOauthState, oauthCookieValue, WECHAT_OAUTH_COOKIE, WECHAT_OAUTH_COOKIE_SECONDS } from "@/server/http/wechat-oauth-state";
import { wechatAuthorizeUrl } from "@/server/providers/wechat-oauth/wechat-oauth";

/**
 * Inside WeChat's browser, before a JSAPI payment: sends the signed-in shopper through WeChat's
 * silent sign-in (snsapi_base) to learn their openid, then back to `next`. The state is random
 * and kept in a short-lived cookie, so only this browser's own round trip is accepted.
 */
export async function GET(req: Request): Promise<Response> {
  const { providers } = env();
  const url = new URL(req.url);
  const next = safeNext(url.searchParams.get("next"), "/wallet");
  if (!providers.wechatOauth || !providers.publicBaseUrl) return errorResponse(await cookieLocale(), "NOT_FOUND");
  const session = await auth();
  if (!session?.user?.id) return Response.redirect(new URL(`/login?next=${encodeURIComponent(next)}`, providers.publicBaseUrl), 302);
  const state = newOauthState();
  const target = wechatAuthorizeUrl(providers.wechatOauth, `${providers.publicBaseUrl}/api/wechat/oauth/callback`, state);
  const secure = providers.publicBaseUrl.startsWith("https:") ? "; Secure" : "";
  return new Response(null, {
    status: 302,
    headers: { location: target, "set-cookie": `${WECHAT_OAUTH_COOKIE}=${oauthCookieValue(state, next)}; Path=/api/wechat/oauth; Max-Age=${WECHAT_OAUTH_COOKIE_SECONDS}; HttpOnly; SameSite=Lax${secure}` },
  });
}

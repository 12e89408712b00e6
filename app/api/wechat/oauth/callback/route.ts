import { cookies } from "next/headers";
import { safeNext } from "@/components/auth/safe-next";
import { auth } from "@/server/auth";
import { appDb } from "@/server/db";
import { saveWechatOpenid } from "@/server/domain/users/wechat-openid";
import { env } from "@/server/env";
import { cookieLocale, errorResponse, thrownErrorResponse } from "@/server/http/error-response";
import { matchOauthCookie, WECHAT_OAUTH_COOKIE } from "@/server/http/wechat-oauth-state";
import { exchangeWechatOauthCode } from "@/server/providers/wechat-oauth/wechat-oauth";
import { requestClock } from "@/server/test-clock";

/**
 * WeChat's redirect back from the silent sign-in: the state must be the one this browser's cookie
 * holds; the code is exchanged server to server for the openid, which is stored for the signed-in
 * shopper; then back to where the payment was started.
 */
export async function GET(req: Request): Promise<Response> {
  const locale = await cookieLocale();
  const { providers } = env();
  if (!providers.wechatOauth || !providers.publicBaseUrl) return errorResponse(locale, "NOT_FOUND");
  const url = new URL(req.url);
  const jar = await cookies();
  const next = matchOauthCookie(jar.get(WECHAT_OAUTH_COOKIE)?.value, url.searchParams.get("state"));
  jar.delete({ name: WECHAT_OAUTH_COOKIE, path: "/api/wechat/oauth" });
  const code = url.searchParams.get("code");
  if (next === null || !code) return errorResponse(locale, "CODE_INVALID");
  const session = await auth();
  if (!session?.user?.id) return errorResponse(locale, "UNAUTHENTICATED");
  const userId = session.user.id;
  const oauth = providers.wechatOauth;
  try {
    const { openid } = await exchangeWechatOauthCode(oauth, code);
    await appDb().transaction((tx) => saveWechatOpenid(tx, requestClock(), { userId, appId: oauth.appId, openid }));
  } catch (e) {
    return thrownErrorResponse(locale, e, "wechat-oauth");
  }
  return Response.redirect(new URL(safeNext(next, "/wallet"), providers.publicBaseUrl), 302);
}

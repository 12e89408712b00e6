import { DomainError } from "../../domain/shared/errors";

/** Where WeChat's browser is sent to authorise (网页授权) and where the code is exchanged. */
export const WECHAT_OAUTH_AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize";
export const WECHAT_API_URL = "https://api.weixin.qq.com";

/** The official account (公众号) whose openids JSAPI payment and merchant transfers use. */
export interface WechatOauthConfig {
  appId: string;
  appSecret: string;
  /** `WECHAT_OAUTH_AUTHORIZE_URL`: WeChat's, or a stand-in's in tests. */
  authorizeUrl: string;
  /** `WECHAT_API_URL`: WeChat's, or a stand-in's in tests. */
  apiUrl: string;
}

/**
 * The silent authorisation link (scope `snsapi_base`: no consent screen, only the openid). WeChat
 * sends the browser back to `redirectUri` with `code` and our `state`. The fragment is required.
 */
export function wechatAuthorizeUrl(config: WechatOauthConfig, redirectUri: string, state: string): string {
  const q = new URLSearchParams({ appid: config.appId, redirect_uri: redirectUri, response_type: "code", scope: "snsapi_base", state });
  return `${config.authorizeUrl}?${q.toString()}#wechat_redirect`;
}

/**
 * Exchanges the one-time `code` for the shopper's openid under our AppID
 * (`/sns/oauth2/access_token`, server to server with the AppSecret). WeChat answers errors as
 * 200 with `errcode`: refused as CODE_INVALID.
 */
export async function exchangeWechatOauthCode(config: WechatOauthConfig, code: string): Promise<{ openid: string }> {
  const q = new URLSearchParams({ appid: config.appId, secret: config.appSecret, code, grant_type: "authorization_code" });
  const res = await fetch(`${config.apiUrl}/sns/oauth2/access_token?${q.toString()}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json().catch(() => null)) as { openid?: unknown; errcode?: unknown } | null;
  if (!res.ok || !body || typeof body.openid !== "string" || !/^[A-Za-z0-9_-]{6,64}$/.test(body.openid)) throw new DomainError("CODE_INVALID");
  return { openid: body.openid };
}

import { randomBytes, timingSafeEqual } from "node:crypto";

/** The cookie that ties WeChat's redirect back to the browser that left: `state.next`, 10 minutes. */
export const WECHAT_OAUTH_COOKIE = "pinpin_wx_oauth";
export const WECHAT_OAUTH_COOKIE_SECONDS = 600;

export function newOauthState(): string {
  return randomBytes(16).toString("hex");
}

export function oauthCookieValue(state: string, next: string): string {
  return `${state}.${encodeURIComponent(next)}`;
}

/** The `next` stored with `state` if the cookie's state equals the one WeChat echoed back, else null. */
export function matchOauthCookie(cookie: string | undefined, state: string | null): string | null {
  const dot = cookie?.indexOf(".") ?? -1;
  if (!cookie || dot < 0 || !state) return null;
  const expected = Buffer.from(cookie.slice(0, dot));
  const given = Buffer.from(state);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return decodeURIComponent(cookie.slice(dot + 1));
  } catch {
    return null;
  }
}

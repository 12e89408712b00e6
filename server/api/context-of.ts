import "server-only";
import type { SessionCheckOutcome } from "../auth/live-session";
import { appDb } from "../db";
import { clientIp } from "../http/client-ip";
import { DEVICE_COOKIE, readDeviceId } from "../http/device-id";
import { LOCALE_COOKIE, pickLocale } from "../i18n/locales";
import { requestClock } from "../test-clock";
import type { Context, SessionUser } from "./context";

/** What a request's context is made of, however the request arrived. */
export interface RequestParts {
  session: SessionUser | null;
  sessionCheck: SessionCheckOutcome;
  cookie: (name: string) => string | undefined;
  headers: Pick<Headers, "get">;
  /** Overrides the cookie: the endpoint issues a device id to a browser that had none. */
  deviceId?: string;
}

/** The request's context: the signed-in user, their IP, language and device id. */
export function contextOf({ session, sessionCheck, cookie, headers, deviceId }: RequestParts): Context {
  return {
    db: appDb(),
    clock: requestClock(),
    session,
    sessionUnavailable: sessionCheck.unavailable,
    ip: clientIp(headers),
    locale: pickLocale(cookie(LOCALE_COOKIE)),
    deviceId: deviceId ?? readDeviceId(cookie(DEVICE_COOKIE)) ?? "",
    userAgent: headers.get("user-agent") ?? "",
  };
}

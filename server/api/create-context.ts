import "server-only";
import { cookies } from "next/headers";
import { readSession } from "../auth";
import { appDb } from "../db";
import { clientIp } from "../http/client-ip";
import { DEVICE_COOKIE, readDeviceId } from "../http/device-id";
import { LOCALE_COOKIE, pickLocale } from "../i18n/locales";
import { requestClock } from "../test-clock";
import type { Context } from "./context";

/**
 * The request's context: the signed-in user from the session cookie, their IP, language and device
 * id (`deviceId` overrides the cookie: the tRPC route issues one to a browser that had none).
 */
export async function createContext(headers: Headers, deviceId?: string): Promise<Context> {
  const { session, unavailable } = await readSession();
  const jar = await cookies();
  const locale = pickLocale(jar.get(LOCALE_COOKIE)?.value);
  return {
    db: appDb(),
    clock: requestClock(),
    session: session?.user?.id ? { id: session.user.id, role: session.user.role } : null,
    sessionUnavailable: unavailable,
    ip: clientIp(headers),
    locale,
    deviceId: deviceId ?? readDeviceId(jar.get(DEVICE_COOKIE)?.value) ?? "",
    userAgent: headers.get("user-agent") ?? "",
  };
}

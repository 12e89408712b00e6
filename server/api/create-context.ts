import "server-only";
import { cookies } from "next/headers";
import { auth } from "../auth";
import { appDb } from "../db";
import { clientIp } from "../http/check-origin";
import { LOCALE_COOKIE, pickLocale } from "../i18n/locales";
import { requestClock } from "../test-clock";
import type { Context } from "./context";

/** The request's context: the signed-in user from the session cookie, their IP and language. */
export async function createContext(headers: Headers): Promise<Context> {
  const session = await auth();
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return {
    db: appDb(),
    clock: requestClock(),
    session: session?.user?.id ? { id: session.user.id, role: session.user.role } : null,
    ip: clientIp(headers),
    locale,
  };
}

import type { Db } from "@/db/client";
import type { UserRole } from "@/db/schema";
import type { Clock } from "../domain/shared/clock";
import type { Locale } from "../i18n/locales";

export interface SessionUser {
  id: string;
  role: UserRole;
}

/** What every procedure sees. Built per request by the route handler, or directly by tests. */
export interface Context {
  db: Db;
  clock: Clock;
  session: SessionUser | null;
  /** The session cookie's check could not reach the database (no session, but not signed out). */
  sessionUnavailable?: boolean;
  ip: string;
  locale: Locale;
  /** The first-party device id cookie (ads' per-device cap); empty when the request carried none. */
  deviceId: string;
  /** The browser's User-Agent: which payment providers to offer (WeChat Pay's JSAPI inside WeChat's browser). */
  userAgent: string;
}

import { TRPCError } from "@trpc/server";
import type { Db } from "@/db/client";
import type { UserRole } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { Clock } from "@/server/domain/shared/clock";
import { isDomainError, type ErrorCode } from "@/server/domain/shared/errors";
import type { Locale } from "@/server/i18n/locales";

export interface CallerOptions {
  ip?: string;
  locale?: Locale;
  deviceId?: string;
  /** The session check could not reach the database (server/auth readSession). */
  sessionUnavailable?: boolean;
  userAgent?: string;
}

/**
 * A tRPC caller for the whole app router, with the context a request would get: the given session
 * (null = anonymous), a fixed IP and zh-CN unless `opts` says otherwise. No HTTP, no cookies.
 */
export function callerFor(db: Db, clock: Clock, session: { id: string; role: UserRole } | null, opts: CallerOptions = {}) {
  return createCaller({ db, clock, session, ip: opts.ip ?? "127.0.0.1", locale: opts.locale ?? "zh-CN", deviceId: opts.deviceId ?? "test-device", sessionUnavailable: opts.sessionUnavailable, userAgent: opts.userAgent ?? "" });
}

export type Caller = ReturnType<typeof callerFor>;

export interface CaughtError {
  /** The tRPC code the client would see (FORBIDDEN, BAD_REQUEST, ...). */
  trpcCode: TRPCError["code"];
  /** The domain code behind it, when there is one (INSUFFICIENT_BALANCE, ...). */
  domainCode: ErrorCode | null;
  message: string;
}

/** Runs `fn`, which must throw a TRPCError, and returns what it carried. Fails the test if it resolves. */
export async function catchTrpc(fn: () => Promise<unknown>): Promise<CaughtError> {
  let result: unknown;
  try {
    result = await fn();
  } catch (e) {
    if (!(e instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(e)}`, { cause: e });
    return { trpcCode: e.code, domainCode: isDomainError(e.cause) ? e.cause.code : null, message: e.message };
  }
  throw new Error(`expected the call to fail, but it returned ${JSON.stringify(result)}`);
}

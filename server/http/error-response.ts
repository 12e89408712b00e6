import "server-only";
import { cookies } from "next/headers";
import { isDatabaseUnavailable } from "@/db/database-unavailable";
import { isDomainError, type ErrorCode, type ErrorParams } from "../domain/shared/errors";
import { LOCALE_COOKIE, pickLocale, type Locale } from "../i18n/locales";
import { errorPayload } from "./error-payload";

/**
 * The one error answer of the route handlers (tRPC has its own, with the same codes and messages):
 * `{ "error": { "code", "message" } }`, the message in the caller's language, the status from the
 * code. Never a stack: anything that is not a DomainError is logged here and answered INTERNAL.
 */
export function errorResponse(locale: Locale, code: ErrorCode, params: ErrorParams = {}): Response {
  const { status, body } = errorPayload(locale, code, params);
  return Response.json(body, { status });
}

/** The caller's language, from the cookie the language switch sets. */
export async function cookieLocale(): Promise<Locale> {
  return pickLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

/** A thrown error as an answer: a DomainError by its code, the database away as SERVICE_UNAVAILABLE (retryable), anything else logged and INTERNAL. */
export function thrownErrorResponse(locale: Locale, e: unknown, where: string): Response {
  if (isDomainError(e)) return errorResponse(locale, e.code, e.params);
  if (isDatabaseUnavailable(e)) return errorResponse(locale, "SERVICE_UNAVAILABLE");
  console.error(`[${where}]`, e);
  return errorResponse(locale, "INTERNAL");
}

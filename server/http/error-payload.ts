import { ERROR_STATUS, type ErrorCode, type ErrorParams } from "../domain/shared/errors";
import type { Locale } from "../i18n/locales";
import { translateError } from "../i18n/translate-error";

/** The one error answer of the HTTP endpoints outside tRPC's own: `{ "error": { "code", "message" } }`, the message in the caller's language, the status from the code. */
export function errorPayload(locale: Locale, code: ErrorCode, params: ErrorParams = {}): { status: number; body: { error: { code: ErrorCode; message: string } } } {
  return { status: ERROR_STATUS[code], body: { error: { code, message: translateError(locale, code, params) } } };
}

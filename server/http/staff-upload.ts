import "server-only";
import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { users } from "@/db/schema";
import { roleAllows, type Permission } from "../api/permissions";
import { auth } from "../auth";
import { appDb } from "../db";
import { DomainError, ERROR_STATUS, isDomainError, type ErrorCode } from "../domain/shared/errors";
import { LOCALE_COOKIE, pickLocale } from "../i18n/locales";
import { translateError } from "../i18n/translate-error";
import { rejectForeignOrigin } from "./reject-foreign-origin";

/**
 * A console upload (multipart field `file`): same Origin, a signed-in staff member whose role (re-read
 * from the database) has `permission`, a body no larger than `maxBytes`; `store` checks the bytes
 * themselves and keeps them. Errors answer `{ error: { code, message } }` in the caller's language.
 */
export async function handleStaffUpload(
  req: Request,
  opts: { permission: Permission; maxBytes: number; notAccepted: ErrorCode; store: (bytes: Uint8Array) => Promise<Record<string, string>> },
): Promise<Response> {
  const rejected = await rejectForeignOrigin(req);
  if (rejected) return rejected;
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const fail = (code: ErrorCode, params: Record<string, string | number> = {}) =>
    Response.json({ error: { code, message: translateError(locale, code, params) } }, { status: ERROR_STATUS[code] });
  const session = await auth();
  if (!session?.user?.id) return fail("UNAUTHENTICATED");
  const [row] = await appDb().select({ role: users.role, frozen: users.frozen }).from(users).where(eq(users.id, session.user.id));
  if (!row || row.frozen || !roleAllows(row.role, opts.permission)) return fail("FORBIDDEN");
  const maxMb = opts.maxBytes / 1024 / 1024;
  // Refuse an oversized body before reading it when the client declares its length.
  if (Number(req.headers.get("content-length") ?? 0) > opts.maxBytes + 64 * 1024) return fail("UPLOAD_TOO_LARGE", { maxMb });
  try {
    const form = await req.formData();
    const file = form.get("file");
    if (!(file instanceof File)) throw new DomainError(opts.notAccepted);
    if (file.size > opts.maxBytes) throw new DomainError("UPLOAD_TOO_LARGE", { maxMb });
    return Response.json(await opts.store(new Uint8Array(await file.arrayBuffer())));
  } catch (e) {
    if (isDomainError(e)) return fail(e.code, e.params);
    return fail(opts.notAccepted);
  }
}

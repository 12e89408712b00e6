import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import { users } from "@/db/schema";
import { roleAllows } from "@/server/api/permissions";
import { auth } from "@/server/auth";
import { appDb } from "@/server/db";
import { DomainError, ERROR_STATUS, isDomainError, type ErrorCode } from "@/server/domain/shared/errors";
import { MAX_IMAGE_BYTES } from "@/server/domain/store/validate-image";
import { LOCALE_COOKIE, pickLocale } from "@/server/i18n/locales";
import { translateError } from "@/server/i18n/translate-error";
import { rejectForeignOrigin } from "@/server/http/reject-foreign-origin";
import { imageStorage, storeImage } from "@/server/storage/image-storage";

/**
 * Product image upload for the console (multipart field `file`). Same Origin, a signed-in staff
 * member with `store.write` (role re-read from the database), and the bytes must be an image.
 */
export async function POST(req: Request): Promise<Response> {
  const rejected = await rejectForeignOrigin(req);
  if (rejected) return rejected;
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const fail = (code: ErrorCode, params: Record<string, string | number> = {}) =>
    Response.json({ error: { code, message: translateError(locale, code, params) } }, { status: ERROR_STATUS[code] });
  const session = await auth();
  if (!session?.user?.id) return fail("UNAUTHENTICATED");
  const [row] = await appDb().select({ role: users.role, frozen: users.frozen }).from(users).where(eq(users.id, session.user.id));
  if (!row || row.frozen || !roleAllows(row.role, "store.write")) return fail("FORBIDDEN");
  // Refuse an oversized body before reading it when the client declares its length.
  if (Number(req.headers.get("content-length") ?? 0) > MAX_IMAGE_BYTES + 64 * 1024) return fail("UPLOAD_TOO_LARGE", { maxMb: MAX_IMAGE_BYTES / 1024 / 1024 });
  try {
    const form = await req.formData();
    const file = form.get("file");
    if (!(file instanceof File)) throw new DomainError("UPLOAD_NOT_IMAGE");
    if (file.size > MAX_IMAGE_BYTES) throw new DomainError("UPLOAD_TOO_LARGE", { maxMb: MAX_IMAGE_BYTES / 1024 / 1024 });
    const url = await storeImage(imageStorage(), new Uint8Array(await file.arrayBuffer()));
    return Response.json({ url });
  } catch (e) {
    if (isDomainError(e)) return fail(e.code, e.params);
    return fail("UPLOAD_NOT_IMAGE");
  }
}

import "server-only";
import type { Permission } from "../api/permissions";
import type { ErrorCode } from "../domain/shared/errors";
import { thrownErrorResponse } from "./error-response";
import { rejectForeignOrigin } from "./reject-foreign-origin";
import { authorizeStaffRequest } from "./staff-request";

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
  const { fail, refused, locale } = await authorizeStaffRequest(req, opts.permission);
  if (refused) return refused;
  const maxMb = opts.maxBytes / 1024 / 1024;
  // Refuse an oversized body before reading it when the client declares its length.
  if (Number(req.headers.get("content-length") ?? 0) > opts.maxBytes + 64 * 1024) return fail("UPLOAD_TOO_LARGE", { maxMb });
  // A body that is not a multipart form with a file is "not accepted"; a failure after that (storage,
  // disk) is ours and says so, never "not an image".
  const form = await req.formData().catch(() => null);
  const file = form?.get("file");
  if (!(file instanceof File)) return fail(opts.notAccepted);
  if (file.size > opts.maxBytes) return fail("UPLOAD_TOO_LARGE", { maxMb });
  try {
    return Response.json(await opts.store(new Uint8Array(await file.arrayBuffer())));
  } catch (e) {
    return thrownErrorResponse(locale, e, "upload");
  }
}

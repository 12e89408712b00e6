import "server-only";
import type { Permission } from "../api/permissions";
import { DomainError, isDomainError, type ErrorCode } from "../domain/shared/errors";
import { authorizeStaffRequest } from "./staff-request";
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
  const { fail, refused } = await authorizeStaffRequest(req, opts.permission);
  if (refused) return refused;
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

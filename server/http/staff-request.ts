import "server-only";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { roleAllows, type Permission } from "../api/permissions";
import { auth } from "../auth";
import { appDb } from "../db";
import type { Actor } from "../domain/audit/record-audit";
import type { ErrorCode, ErrorParams } from "../domain/shared/errors";
import type { Locale } from "../i18n/locales";
import { clientIp } from "./client-ip";
import { cookieLocale, errorResponse } from "./error-response";

export type StaffFail = (code: ErrorCode, params?: ErrorParams) => Response;

/**
 * For console route handlers (uploads, downloads): a signed-in staff member whose role, re-read from
 * the database, has `permission`, as an audit actor; or the error response (`{ error: { code, message } }`
 * in the caller's language) to send instead. `fail` builds further errors the same way.
 */
export async function authorizeStaffRequest(req: Request, permission: Permission): Promise<{ actor: Actor | null; locale: Locale; fail: StaffFail; refused: Response | null }> {
  const locale = await cookieLocale();
  const fail: StaffFail = (code, params = {}) => errorResponse(locale, code, params);
  const session = await auth();
  if (!session?.user?.id) return { actor: null, locale, fail, refused: fail("UNAUTHENTICATED") };
  const [row] = await appDb().select({ role: users.role, frozen: users.frozen }).from(users).where(eq(users.id, session.user.id));
  if (!row || row.frozen || !roleAllows(row.role, permission)) return { actor: null, locale, fail, refused: fail("FORBIDDEN") };
  return { actor: { id: session.user.id, role: row.role, ip: clientIp(req.headers) }, locale, fail, refused: null };
}

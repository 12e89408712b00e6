import "server-only";
import { cache } from "react";
import { requireSession } from "../auth/require-session";
import { serverCaller } from "../trpc/server";
import { roleAllows, type Permission } from "@/server/api/permissions";

/** The signed-in operator as the server sees them (role read from the database), or null for non-staff. */
export const currentStaff = cache(async () => {
  const caller = await serverCaller();
  return caller.admin.whoami().catch(() => null);
});

/**
 * For console pages: signed in (else to the console's sign-in, returning here), staff, and allowed
 * this page's permission. The UI only hides what a role cannot do; the server still enforces it.
 */
export async function requireStaffPage(path: string, permission: Permission) {
  await requireSession(path, "/admin/login");
  const staff = await currentStaff();
  return { staff, allowed: !!staff && roleAllows(staff.role, permission) };
}

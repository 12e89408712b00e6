import { AuditFiltersSchema } from "@/server/api/audit-filters";
import { appDb } from "@/server/db";
import { exportAuditLog } from "@/server/domain/audit/export-audit-log";
import { businessDay } from "@/server/domain/shared/business-day";
import { isDomainError } from "@/server/domain/shared/errors";
import { authorizeStaffRequest } from "@/server/http/staff-request";
import { requestClock } from "@/server/test-clock";

/**
 * The audit log's filtered rows as CSV (`?actorId=&action=&targetType=&targetId=&from=&to=`), for
 * staff with `audit.read`; UTF-8 with a BOM so Excel shows Chinese, formula-like cells quoted.
 */
export async function GET(req: Request): Promise<Response> {
  const { actor, fail, refused } = await authorizeStaffRequest(req, "audit.read");
  if (refused || !actor) return refused ?? fail("FORBIDDEN");
  const params = Object.fromEntries([...new URL(req.url).searchParams.entries()].filter(([, v]) => v !== ""));
  const filters = AuditFiltersSchema.safeParse(params);
  if (!filters.success) return fail("BAD_INPUT");
  const clock = requestClock();
  try {
    const { csv, truncated } = await appDb().transaction((tx) => exportAuditLog(tx, clock, actor, filters.data));
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="audit-log-${businessDay(clock.now())}.csv"`,
        "cache-control": "no-store",
        "x-export-truncated": String(truncated),
      },
    });
  } catch (e) {
    if (isDomainError(e)) return fail(e.code, e.params);
    throw e;
  }
}

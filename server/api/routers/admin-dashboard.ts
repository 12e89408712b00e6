import { z } from "zod";
import { DASHBOARD_RANGES, resolveDashboardRange } from "../../domain/dashboard/dashboard-range";
import { readDashboard } from "../../domain/dashboard/read-dashboard";
import { reconcileNow } from "../../domain/dashboard/reconcile-now";
import { ReconciliationOutput } from "../outputs/dashboard";
import { createTRPCRouter, staffProcedure } from "../trpc";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * `admin.dashboard.*`: the operators' figures, liabilities against plan, and the reconciliation. The
 * overview has no output schema: its return (every day's figures, the liabilities' trend, the plan
 * and its series) is large; reconcileNow's is checked.
 */
export const adminDashboardRouter = createTRPCRouter({
  overview: staffProcedure("dashboard.read")
    .input(z.object({ range: z.enum(DASHBOARD_RANGES), from: Day.optional(), to: Day.optional() }))
    .query(({ ctx, input }) =>
      ctx.db.transaction((tx) => readDashboard(tx, ctx.clock, resolveDashboardRange(ctx.clock.now(), input.range, input)), { isolationLevel: "repeatable read", accessMode: "read only" }),
    ),

  /** A fresh reconciliation (scans every account): finance's check, not part of each load. */
  reconcileNow: staffProcedure("dashboard.reconcile").output(ReconciliationOutput).query(({ ctx }) =>
    ctx.db.transaction((tx) => reconcileNow(tx, ctx.clock), { isolationLevel: "repeatable read", accessMode: "read only" }),
  ),
});

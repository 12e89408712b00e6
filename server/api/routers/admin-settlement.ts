import { z } from "zod";
import { SETTLEMENT_JOBS } from "@/db/schema";
import { settlePoolMonth } from "../../domain/pool/settle-pool-month";
import { listRunPayouts, listSettlementRuns, readSettlementRun } from "../../domain/settlement/list-settlement-runs";
import { previousBusinessDay } from "../../domain/settlement/previous-business-day";
import { projectStaticRelease } from "../../domain/settlement/project-static-release";
import { readSettlementSetting, writeSettlementSetting } from "../../domain/settlement/settlement-settings";
import { readPoolOverview } from "../../domain/pool/read-pool-overview";
import { runSettlementDay } from "../../domain/settlement/run-settlement-day";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { PoolOverviewOutput, RunOutcomeOutput, SettlementDayOutput, SettlementRunOutput } from "../outputs/money";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Page = { limit: z.number().int().min(1).max(100).default(20) };

/** admin.settlement: runs with totals, per-user payouts, (re-)runs of a day, the static release switch. */
export const adminSettlementRouter = createTRPCRouter({
  runs: staffProcedure("settlement.read")
    .input(z.object({ job: z.enum(SETTLEMENT_JOBS).optional(), cursor: z.number().int().positive().nullish(), ...Page }))
    .output(z.object({ items: z.array(SettlementRunOutput), nextCursor: z.number().int().nullable() }))
    .query(({ ctx, input }) => listSettlementRuns(ctx.db, { job: input.job, beforeId: input.cursor ?? undefined, limit: input.limit })),

  run: staffProcedure("settlement.read")
    .input(z.object({ runId: z.number().int().positive() }))
    .output(SettlementRunOutput)
    .query(({ ctx, input }) => readSettlementRun(ctx.db, input.runId)),

  payouts: staffProcedure("settlement.read")
    .input(z.object({ runId: z.number().int().positive(), cursor: z.string().max(64).nullish(), ...Page }))
    .query(({ ctx, input }) => listRunPayouts(ctx.db, { runId: input.runId, cursor: input.cursor ?? undefined, limit: input.limit })),

  overview: staffProcedure("settlement.read").query(async ({ ctx }) => {
    const staticRelease = await readSettlementSetting(ctx.db, "staticRelease");
    return { yesterday: previousBusinessDay(ctx.clock.now()), staticRelease, projection: await projectStaticRelease(ctx.db, staticRelease) };
  }),

  /** Runs (or re-runs) a job for a day. A day already paid is a no-op: `ranNow` is false. */
  runDay: staffProcedure("settlement.run")
    .input(z.object({ job: z.enum(["daily-dividend", "static-release"]), day: Day }))
    .output(SettlementDayOutput)
    .mutation(({ ctx, input }) => runSettlementDay(ctx.db, ctx.clock, ctx.actor, input)),

  setStaticRelease: staffProcedure("settlement.run")
    .input(z.object({ enabled: z.boolean(), baseBp: z.number().int().min(0).max(10_000), accelerationBp: z.number().int().min(0).max(10_000) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => writeSettlementSetting(tx, ctx.clock, ctx.actor, "staticRelease", input))),
});

/** admin.pool: the pool's state and the monthly profit share. */
export const adminPoolRouter = createTRPCRouter({
  overview: staffProcedure("settlement.read").output(PoolOverviewOutput).query(({ ctx }) => readPoolOverview(ctx.db, ctx.clock)),

  settle: staffProcedure("pool.settle")
    .input(z.object({ profitFen: z.number().int().positive().max(1_000_000_000) }))
    .output(RunOutcomeOutput)
    .mutation(async ({ ctx, input }) => {
      const out = await settlePoolMonth(ctx.db, ctx.clock, ctx.actor, { profitFen: input.profitFen });
      return { ranNow: out.ranNow, run: out.run };
    }),

  setShareRatio: staffProcedure("pool.settle")
    .input(z.object({ shareRatioBp: z.number().int().min(0).max(10_000) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => writeSettlementSetting(tx, ctx.clock, ctx.actor, "pool", input))),
});

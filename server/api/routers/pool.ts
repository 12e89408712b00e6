import { z } from "zod";
import { movePoolPoints } from "../../domain/pool/move-pool-points";
import { listPoolHistory, readPoolSummary } from "../../domain/pool/read-pool";
import { createTRPCRouter, shopperProcedure } from "../trpc";
import { PoolHistoryOutput, PoolSummaryOutput } from "../outputs/money";

/** The shopper's dividend pool (积分池, spec §5). */
export const poolRouter = createTRPCRouter({
  summary: shopperProcedure.output(PoolSummaryOutput).query(async ({ ctx }) => ({ ...(await readPoolSummary(ctx.db, ctx.clock, ctx.userId)), serverNow: ctx.clock.now() })),

  history: shopperProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(30) }).default({ limit: 30 }))
    .output(PoolHistoryOutput)
    .query(({ ctx, input }) => listPoolHistory(ctx.db, ctx.userId, input.limit)),

  move: shopperProcedure
    .input(z.object({ direction: z.enum(["in", "out"]), points: z.number().int().positive().max(1_000_000_000), moveId: z.string().uuid() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => movePoolPoints(tx, ctx.clock, { userId: ctx.userId, ...input }))),
});

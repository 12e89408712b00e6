import { sql } from "drizzle-orm";
import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const healthRouter = createTRPCRouter({
  ping: publicProcedure.output(z.object({ ok: z.boolean(), db: z.boolean(), serverTime: z.date() })).query(async ({ ctx }) => {
    await ctx.db.execute(sql`SELECT 1`);
    return { ok: true, db: true, serverTime: ctx.clock.now() };
  }),
});

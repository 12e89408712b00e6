import { z } from "zod";
import { listActivities } from "../../domain/activities/list-activities";
import { drawPendingGroups } from "../../domain/groups/draw-group";
import { joinActivity } from "../../domain/groups/join-activity";
import { readGroupProof } from "../../domain/groups/read-group-proof";
import { createTRPCRouter, publicProcedure, shopperProcedure } from "../trpc";

export const activitiesRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => listActivities(ctx.db, ctx.clock.now())),

  proof: publicProcedure.input(z.object({ groupId: z.string().uuid() })).query(({ ctx, input }) => readGroupProof(ctx.db, input.groupId)),

  /**
   * Pay P from cash and take the next seat. The price and the seat come from the server; the client
   * names only the activity, the item and a fresh entry id (its idempotency key for double taps).
   * When this join fills the group, the draw runs right after the commit.
   */
  join: shopperProcedure
    .input(z.object({ activityId: z.string().uuid(), itemId: z.string().uuid(), entryId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.db.transaction((tx) => joinActivity(tx, ctx.clock, { userId: ctx.userId, ...input }));
      if (result.filled) await drawPendingGroups(ctx.db, ctx.clock, input.activityId);
      return result;
    }),
});

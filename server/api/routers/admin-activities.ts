import { z } from "zod";
import { ACTIVITY_STATUSES, GROUP_STATUSES } from "@/db/schema";
import { createActivity } from "../../domain/activities/create-activity";
import { searchItemProducts } from "../../domain/activities/item-products";
import { listAdminActivities } from "../../domain/activities/list-admin-activities";
import { readAdminActivity } from "../../domain/activities/read-admin-activity";
import { setActivityStatus } from "../../domain/activities/set-activity-status";
import { updateActivity } from "../../domain/activities/update-activity";
import { listGroups } from "../../domain/groups/list-groups";
import { createTRPCRouter, staffProcedure } from "../trpc";

const Page = { cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(100).default(20) };

/**
 * `admin.activities.*`: group-draw activities and their groups in the console. The settings
 * themselves are validated by the domain (ActivityInputSchema), the same schema the editor runs.
 */
export const adminActivitiesRouter = createTRPCRouter({
  list: staffProcedure("activities.read")
    .input(z.object({ status: z.enum(ACTIVITY_STATUSES).optional(), ...Page }))
    .query(({ ctx, input }) => listAdminActivities(ctx.db, { status: input.status, cursor: input.cursor ?? undefined, limit: input.limit })),

  get: staffProcedure("activities.read")
    .input(z.object({ activityId: z.string().uuid() }))
    .query(({ ctx, input }) => readAdminActivity(ctx.db, input.activityId)),

  create: staffProcedure("activities.write")
    .input(z.object({ activity: z.unknown() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => createActivity(tx, ctx.clock, ctx.actor, input.activity))),

  update: staffProcedure("activities.write")
    .input(z.object({ activityId: z.string().uuid(), activity: z.unknown() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => updateActivity(tx, ctx.clock, ctx.actor, input))),

  /** The editor's product picker: catalog products by name (photo, name, catalog price, on sale or not). */
  products: staffProcedure("activities.write")
    .input(z.object({ query: z.string().max(40), limit: z.number().int().min(1).max(20).default(8) }))
    .query(({ ctx, input }) => searchItemProducts(ctx.db, input)),

  setStatus: staffProcedure("activities.write")
    .input(z.object({ activityId: z.string().uuid(), action: z.enum(["pause", "resume", "end"]) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => setActivityStatus(tx, ctx.clock, ctx.actor, input))),

  groups: staffProcedure("activities.read")
    .input(z.object({ activityId: z.string().uuid().optional(), status: z.enum(GROUP_STATUSES).optional(), ...Page }))
    .query(({ ctx, input }) => listGroups(ctx.db, { activityId: input.activityId, status: input.status, cursor: input.cursor ?? undefined, limit: input.limit })),
});

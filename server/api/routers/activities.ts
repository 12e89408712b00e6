import { z } from "zod";
import { PAYMENT_PROVIDERS } from "@/db/schema";
import { payUrlFor } from "../../payments/pay-url";
import { chooseProvider } from "../../payments/payment-providers";
import { listActivities } from "../../domain/activities/list-activities";
import { readGroupProof } from "../../domain/groups/read-group-proof";
import { readActivityRoom } from "../../domain/activities/read-activity-room";
import { readGroupResult } from "../../domain/groups/read-group-result";
import { listMyEntries } from "../../domain/groups/list-my-entries";
import { readDrawStatus } from "../../domain/groups/read-draw-status";
import { markNotificationsRead } from "../../domain/notifications/list-notifications";
import { listGroupNotices } from "../../domain/notifications/list-group-notices";
import { createTRPCRouter, publicProcedure, shopperProcedure } from "../trpc";
import { joinLanesFor } from "../../runtime/join-lanes";
import { createGatewayJoin } from "../../domain/groups/gateway-join";
import { readOwnEntry } from "../../domain/groups/read-own-entry";

export const activitiesRouter = createTRPCRouter({
  list: publicProcedure.query(async ({ ctx }) => ({ items: await listActivities(ctx.db, ctx.clock.now()), serverTime: ctx.clock.now() })),

  room: publicProcedure
    .input(z.object({ activityId: z.string().uuid() }))
    .query(async ({ ctx, input }) => ({ ...(await readActivityRoom(ctx.db, input.activityId, ctx.session?.id ?? null)), serverTime: ctx.clock.now() })),

  group: publicProcedure.input(z.object({ groupId: z.string().uuid() })).query(({ ctx, input }) => readGroupResult(ctx.db, input.groupId, ctx.session?.id ?? null)),

  myEntries: shopperProcedure
    .input(z.object({ cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listMyEntries(ctx.db, { userId: ctx.userId, cursor: input.cursor ?? undefined, limit: input.limit })),

  myDrawStatus: shopperProcedure.query(({ ctx }) => readDrawStatus(ctx.db, ctx.userId, ctx.clock.now())),

  notifications: shopperProcedure
    .input(z.object({ cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listGroupNotices(ctx.db, { userId: ctx.userId, cursor: input.cursor ?? undefined, limit: input.limit })),

  markNotificationsRead: shopperProcedure.mutation(({ ctx }) => markNotificationsRead(ctx.db, ctx.userId, ctx.clock.now())),

  proof: publicProcedure.input(z.object({ groupId: z.string().uuid() })).query(({ ctx, input }) => readGroupProof(ctx.db, input.groupId)),

  /**
   * Pay P from cash and take the next seat. The price and the seat come from the server; the client
   * names only the activity, the item and a fresh entry id (its idempotency key for double taps).
   * Joins go through this instance's queue for the activity (committed in batches); when this join
   * fills the group, the draw starts right after the commit, off this request (the room hears the
   * result over SSE; the stranded-draws job draws any group a crash left full).
   */
  join: shopperProcedure
    .input(z.object({ activityId: z.string().uuid(), itemId: z.string().uuid(), entryId: z.string().uuid() }))
    .mutation(({ ctx, input }) => joinLanesFor(ctx.db, ctx.clock).joins.join(input.activityId, { userId: ctx.userId, itemId: input.itemId, entryId: input.entryId })),

  /**
   * The caller's own join made with this entry id (as `join` answered it), or null: the room asks
   * this when a join's answer was lost, before it offers to try again (with the same entry id).
   */
  entry: shopperProcedure.input(z.object({ entryId: z.string().uuid() })).query(({ ctx, input }) => readOwnEntry(ctx.db, ctx.userId, input.entryId)),

  /**
   * The same join paid through the payment gateway: opens a payment order for the group's price and
   * returns the cashier's address. The seat is taken when the gateway's capture reaches the webhook.
   */
  joinWithGateway: shopperProcedure
    .input(z.object({ activityId: z.string().uuid(), itemId: z.string().uuid(), entryId: z.string().uuid(), provider: z.enum(PAYMENT_PROVIDERS).optional() }))
    .mutation(async ({ ctx, input }) => {
      const provider = chooseProvider(input.provider, ctx.userAgent);
      const order = await ctx.db.transaction((tx) => createGatewayJoin(tx, ctx.clock, { userId: ctx.userId, ...input, provider }));
      return { ...order, payUrl: payUrlFor(order.provider, order.paymentOrderId) };
    }),
});

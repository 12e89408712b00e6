import { z } from "zod";
import { DESTINATION_KINDS } from "@/db/schema";
import { addDestination, listDestinations, removeDestination, setDefaultDestination, wechatDestinationStatus } from "../../domain/payouts/destinations";
import { wechatPayoutAppId } from "../../payouts/payout-provider-for";
import { createTRPCRouter, shopperProcedure } from "../trpc";

const Id = z.object({ destinationId: z.string().uuid() });

/** The shopper's payout destinations (收款账户): always their own, always masked. */
export const payoutDestinationsRouter = createTRPCRouter({
  list: shopperProcedure.query(({ ctx }) => listDestinations(ctx.db, ctx.userId)),

  add: shopperProcedure
    .input(
      z
        .object({
          kind: z.enum(DESTINATION_KINDS),
          account: z.string().max(100),
          bankCode: z.string().max(16).nullish(),
          holderName: z.string().max(60),
          makeDefault: z.boolean().optional(),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => addDestination(tx, ctx.clock, { userId: ctx.userId, ...input }, { wechatAppId: wechatPayoutAppId() }))),

  /** Whether the add form offers WeChat, and which (masked) WeChat it would pay. */
  wechat: shopperProcedure.query(({ ctx }) => wechatDestinationStatus(ctx.db, ctx.userId, wechatPayoutAppId())),

  remove: shopperProcedure.input(Id).mutation(({ ctx, input }) => ctx.db.transaction((tx) => removeDestination(tx, ctx.clock, { userId: ctx.userId, ...input }))),

  setDefault: shopperProcedure.input(Id).mutation(({ ctx, input }) => ctx.db.transaction((tx) => setDefaultDestination(tx, { userId: ctx.userId, ...input }))),
});

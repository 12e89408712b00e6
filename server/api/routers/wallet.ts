import { z } from "zod";
import { ASSETS } from "@/db/schema";
import { listUserEntries, readUserBalances } from "../../domain/ledger";
import { readSetting } from "../../domain/settings/platform-settings";
import { readProfile } from "../../domain/users/read-profile";
import { createTopup } from "../../domain/wallet/create-topup";
import { listWithdrawals } from "../../domain/wallet/list-withdrawals";
import { requestWithdrawal } from "../../domain/wallet/request-withdrawal";
import { gatewayJoins, orders, paymentOrders } from "@/db/schema";
import { and, eq } from "drizzle-orm";
import { DomainError } from "../../domain/shared/errors";
import { createTRPCRouter, shopperProcedure } from "../trpc";
import { payoutDestinationsRouter } from "./payout-destinations";

const AmountFen = z.number().int().positive().max(1_000_000_000);

export const walletRouter = createTRPCRouter({
  me: shopperProcedure.query(({ ctx }) => readProfile(ctx.db, ctx.userId)),

  overview: shopperProcedure.query(async ({ ctx }) => ({
    balances: await readUserBalances(ctx.db, ctx.userId),
    displayNames: await readSetting(ctx.db, "displayNames"),
    limits: await readSetting(ctx.db, "wallet"),
  })),

  history: shopperProcedure
    .input(z.object({ asset: z.enum(ASSETS).optional(), cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listUserEntries(ctx.db, { userId: ctx.userId, asset: input.asset, beforeId: input.cursor ?? undefined, limit: input.limit })),

  createTopup: shopperProcedure
    .input(z.object({ amountFen: AmountFen }))
    .mutation(async ({ ctx, input }) => {
      const order = await ctx.db.transaction((tx) => createTopup(tx, ctx.clock, { userId: ctx.userId, amountFen: input.amountFen }));
      return { ...order, payUrl: `/pay/sandbox/${order.id}` };
    }),

  topup: shopperProcedure.input(z.object({ id: z.string().uuid() })).query(async ({ ctx, input }) => {
    const [order] = await ctx.db
      .select({ id: paymentOrders.id, amountFen: paymentOrders.amountFen, status: paymentOrders.status, createdAt: paymentOrders.createdAt, purpose: paymentOrders.purpose, storeOrderId: orders.id, joinActivityId: gatewayJoins.activityId })
      .from(paymentOrders)
      .leftJoin(orders, eq(orders.paymentOrderId, paymentOrders.id))
      .leftJoin(gatewayJoins, eq(gatewayJoins.paymentOrderId, paymentOrders.id))
      .where(and(eq(paymentOrders.id, input.id), eq(paymentOrders.userId, ctx.userId)));
    if (!order) throw new DomainError("NOT_FOUND");
    return order;
  }),

  requestWithdrawal: shopperProcedure
    .input(z.object({ amountFen: AmountFen, destinationId: z.string().uuid(), clientKey: z.string().min(8).max(64) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => requestWithdrawal(tx, ctx.clock, { userId: ctx.userId, ...input }))),

  destinations: payoutDestinationsRouter,

  withdrawals: shopperProcedure
    .input(z.object({ cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listWithdrawals(ctx.db, { userId: ctx.userId, cursor: input.cursor ?? undefined, limit: input.limit })),
});

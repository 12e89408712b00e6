import { z } from "zod";
import { ASSETS, PAYMENT_PROVIDERS } from "@/db/schema";
import { payUrlFor } from "../../payments/pay-url";
import { chooseProvider } from "../../payments/payment-providers";
import { listUserEntries, readUserBalances } from "../../domain/ledger";
import { readSetting } from "../../domain/settings/platform-settings";
import { readProfile } from "../../domain/users/read-profile";
import { updateProfile } from "../../domain/users/update-profile";
import { createTopup } from "../../domain/wallet/create-topup";
import { listWithdrawals } from "../../domain/wallet/list-withdrawals";
import { requestWithdrawal } from "../../domain/wallet/request-withdrawal";
import { readTopup } from "../../domain/wallet/read-topup";
import { NewTopupOutput, TopupOutput } from "../outputs/money";
import { createTRPCRouter, shopperProcedure } from "../trpc";
import { wechatTransferIds } from "../../payouts/payout-provider-for";
import { payoutDestinationsRouter } from "./payout-destinations";

const AmountFen = z.number().int().positive().max(1_000_000_000);

export const walletRouter = createTRPCRouter({
  me: shopperProcedure.query(({ ctx }) => readProfile(ctx.db, ctx.userId)),

  /** 我的 → edit profile: the caller's own name and avatar (there is no user id to pass: it is the session's). */
  updateProfile: shopperProcedure
    .input(z.object({ displayName: z.string().max(200).optional(), avatarVariant: z.number().int().optional() }).strict())
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => updateProfile(tx, { userId: ctx.userId, ...input }))),

  overview: shopperProcedure.query(async ({ ctx }) => ({
    balances: await readUserBalances(ctx.db, ctx.userId),
    displayNames: await readSetting(ctx.db, "displayNames"),
    limits: await readSetting(ctx.db, "wallet"),
  })),

  history: shopperProcedure
    .input(z.object({ asset: z.enum(ASSETS).optional(), cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listUserEntries(ctx.db, { userId: ctx.userId, asset: input.asset, beforeId: input.cursor ?? undefined, limit: input.limit })),

  createTopup: shopperProcedure
    .input(z.object({ amountFen: AmountFen, provider: z.enum(PAYMENT_PROVIDERS).optional() }))
    .output(NewTopupOutput)
    .mutation(async ({ ctx, input }) => {
      const provider = chooseProvider(input.provider, ctx.userAgent);
      const order = await ctx.db.transaction((tx) => createTopup(tx, ctx.clock, { userId: ctx.userId, amountFen: input.amountFen, provider }));
      return { ...order, payUrl: payUrlFor(provider, order.id) };
    }),

  topup: shopperProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(TopupOutput)
    .query(({ ctx, input }) => readTopup(ctx.db, ctx.userId, input.id)),

  requestWithdrawal: shopperProcedure
    .input(z.object({ amountFen: AmountFen, destinationId: z.string().uuid(), clientKey: z.string().min(8).max(64) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => requestWithdrawal(tx, ctx.clock, { userId: ctx.userId, ...input }))),

  destinations: payoutDestinationsRouter,

  withdrawals: shopperProcedure
    .input(z.object({ cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    // A WeChat transfer waiting for the shopper carries its package; `wechat` is what WeChat's page needs besides it.
    .query(async ({ ctx, input }) => ({ ...(await listWithdrawals(ctx.db, { userId: ctx.userId, cursor: input.cursor ?? undefined, limit: input.limit })), wechat: wechatTransferIds() })),
});

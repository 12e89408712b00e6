import { z } from "zod";
import { listDownline } from "../../domain/referrals/list-downline";
import { listReferralEarnings } from "../../domain/referrals/list-referral-earnings";
import { listPosterChoices } from "../../domain/referrals/poster-subject";
import { readReferralCentre } from "../../domain/referrals/read-referral-centre";
import { ReferralCentreOutput, ReferralEarningsOutput } from "../outputs/referrals";
import { createTRPCRouter, shopperProcedure } from "../trpc";

/** The referral centre (spec §6, §9): every figure is the signed-in promoter's own. */
export const referralsRouter = createTRPCRouter({
  centre: shopperProcedure.output(ReferralCentreOutput).query(({ ctx }) => readReferralCentre(ctx.db, ctx.clock, ctx.userId)),

  downline: shopperProcedure
    .input(z.object({ level: z.union([z.literal(1), z.literal(2)]), cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => listDownline(ctx.db, { userId: ctx.userId, level: input.level, cursor: input.cursor ?? undefined, limit: input.limit })),

  earnings: shopperProcedure
    .input(z.object({ cursor: z.number().int().positive().nullish(), limit: z.number().int().min(1).max(50).default(20) }))
    .output(ReferralEarningsOutput)
    .query(({ ctx, input }) => listReferralEarnings(ctx.db, { userId: ctx.userId, beforeId: input.cursor ?? undefined, limit: input.limit })),

  posterChoices: shopperProcedure.query(({ ctx }) => listPosterChoices(ctx.db, ctx.clock)),
});

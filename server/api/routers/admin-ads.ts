import { z } from "zod";
import { readAdReport } from "../../domain/ads/ad-report";
import { listAdvertisers } from "../../domain/ads/list-advertisers";
import { listCampaigns } from "../../domain/ads/list-campaigns";
import { recordPrepayment, saveAdvertiser } from "../../domain/ads/manage-advertisers";
import { saveCampaign } from "../../domain/ads/manage-campaigns";
import { maskSecret, readNetworkConfigs, saveNetworkConfig } from "../../domain/ads/manage-networks";
import { AD_NETWORKS } from "../../domain/ads/ssv/network-callback";
import { readSetting, writeSetting } from "../../domain/settings/platform-settings";
import { createTRPCRouter, staffProcedure } from "../trpc";

const Id = z.string().uuid();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** `admin.ads.*`: advertisers and their prepaid budgets, campaigns, the cash-out rules, networks, the report. */
export const adminAdsRouter = createTRPCRouter({
  advertisers: staffProcedure("ads.read").query(({ ctx }) => listAdvertisers(ctx.db)),

  saveAdvertiser: staffProcedure("ads.write")
    .input(z.object({ id: Id.optional(), name: z.string().max(100), contact: z.string().max(200) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveAdvertiser(tx, ctx.clock, ctx.actor, input))),

  recordPrepayment: staffProcedure("ads.prepay")
    .input(z.object({ prepaymentId: Id, advertiserId: Id, amountFen: z.number().int(), reference: z.string().max(100) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => recordPrepayment(tx, ctx.clock, ctx.actor, input))),

  campaigns: staffProcedure("ads.read").query(({ ctx }) => listCampaigns(ctx.db)),

  saveCampaign: staffProcedure("ads.write")
    .input(
      z.object({
        id: Id.optional(),
        advertiserId: Id,
        name: z.string().max(100),
        creativeUrl: z.string().max(200),
        durationSeconds: z.number().int(),
        pricePerViewFen: z.number().int(),
        budgetFen: z.number().int(),
        startsAt: z.date(),
        endsAt: z.date().nullable(),
        active: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveCampaign(tx, ctx.clock, ctx.actor, input))),

  settings: staffProcedure("ads.read").query(({ ctx }) => readSetting(ctx.db, "ads")),

  saveSettings: staffProcedure("ads.write")
    .input(z.object({ value: z.unknown() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => writeSetting(tx, ctx.clock, ctx.actor, "ads", input.value))),

  networks: staffProcedure("ads.read").query(async ({ ctx }) => (await readNetworkConfigs(ctx.db)).map((n) => ({ ...n, secret: maskSecret(n.secret) }))),

  saveNetwork: staffProcedure("ads.write")
    .input(z.object({ network: z.enum(AD_NETWORKS), enabled: z.boolean(), secret: z.string().max(300), keyUrl: z.string().max(400), revenuePerViewFen: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.db.transaction((tx) => saveNetworkConfig(tx, ctx.clock, ctx.actor, input));
      return { ...saved, secret: maskSecret(saved.secret) };
    }),

  report: staffProcedure("ads.read")
    .input(z.object({ from: Day, to: Day }))
    .query(({ ctx, input }) => readAdReport(ctx.db, input)),
});

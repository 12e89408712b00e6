import { z } from "zod";
import { closeAdView, completeAdView } from "../../domain/ads/complete-ad-view";
import { openAdView } from "../../domain/ads/open-ad-view";
import { readEarnPage } from "../../domain/ads/read-earn-page";
import { startAdSet } from "../../domain/ads/start-ad-set";
import { AD_NETWORKS } from "../../domain/ads/ssv/network-callback";
import { DomainError } from "../../domain/shared/errors";
import { AdViewOutcomeOutput, EarnPageOutput } from "../outputs/ads";
import { createTRPCRouter, shopperProcedure } from "../trpc";

const Id = z.string().uuid();
const Nonce = z.string().min(16).max(64);

/** A mutation that counts against a device needs the device cookie (the tRPC route issues one). */
const onDevice = shopperProcedure.use(({ ctx, next }) => {
  if (!ctx.deviceId) throw new DomainError("BAD_INPUT", { field: "device" });
  return next({ ctx });
});

/** `ads.*`: the shopper's 赚钱 tab — a daily set of ads that cashes mall points out (spec §6). */
export const adsRouter = createTRPCRouter({
  page: shopperProcedure.output(EarnPageOutput).query(({ ctx }) => readEarnPage(ctx.db, ctx.clock, { userId: ctx.userId, deviceId: ctx.deviceId })),

  startSet: onDevice.mutation(async ({ ctx }) => {
    const set = await ctx.db.transaction((tx) => startAdSet(tx, ctx.clock, { userId: ctx.userId, deviceId: ctx.deviceId }));
    return { setId: set.id, viewsDone: set.viewsDone, viewsRequired: set.viewsRequired };
  }),

  openView: onDevice
    .input(z.object({ setId: Id, network: z.enum(AD_NETWORKS).optional() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => openAdView(tx, ctx.clock, { userId: ctx.userId, deviceId: ctx.deviceId, setId: input.setId, ip: ctx.ip, network: input.network }))),

  completeView: shopperProcedure
    .input(z.object({ viewId: Id, nonce: Nonce }))
    .output(AdViewOutcomeOutput)
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => completeAdView(tx, ctx.clock, { userId: ctx.userId, ...input }))),

  closeView: shopperProcedure
    .input(z.object({ viewId: Id, nonce: Nonce }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => closeAdView(tx, ctx.clock, { userId: ctx.userId, ...input }))),
});

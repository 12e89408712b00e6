import { z } from "zod";
import { AdTierSchema } from "../../domain/ads/ad-settings";
import { Fen } from "./money";

/* Output schemas of the 赚钱 tab (ads.*): what a set pays, the tiers, the shopper's balances. */

const AdSetRewardOutput = z.object({ rewardFen: Fen, pointsSpent: Fen, commissionFen: Fen });

export const AdViewOutcomeOutput = z.object({ viewsDone: z.number().int(), viewsRequired: z.number().int(), reward: AdSetRewardOutput.nullable() });

export const EarnPageOutput = z.object({
  serverNow: z.date(),
  mallPoints: Fen,
  cashFen: Fen,
  rules: z.object({
    viewsPerSet: z.number().int(),
    setsPerUserPerDay: z.number().int(),
    setsPerDevicePerDay: z.number().int(),
    setIdleMinutes: z.number().int(),
    tiers: z.array(AdTierSchema),
    commissionL1Bp: z.number().int(),
    commissionL2Bp: z.number().int(),
  }),
  myTier: AdTierSchema.nullable(),
  setsDoneToday: z.number().int(),
  setsLeftToday: z.number().int(),
  current: z
    .object({
      setId: z.string(),
      viewsDone: z.number().int(),
      viewsRequired: z.number().int(),
      onThisDevice: z.boolean(),
      idleUntil: z.date(),
      playing: z
        .object({
          viewId: z.string(),
          nonce: z.string(),
          openedAt: z.date(),
          completesAt: z.date(),
          durationSeconds: z.number().int(),
          creative: z.object({ name: z.string(), advertiser: z.string(), url: z.string(), type: z.string() }).nullable(),
        })
        .nullable(),
    })
    .nullable(),
  adsAvailable: z.boolean(),
  history: z.array(z.object({ setId: z.string(), completedAt: z.date(), rewardFen: Fen, pointsSpent: Fen })),
});

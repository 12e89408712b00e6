import { z } from "zod";

/**
 * One tier of 区间递减 (spec §6): a shopper whose mall-point balance is at least `minPoints` (and below
 * the next tier's) receives `rewardFen` in cash for a completed set and spends `pointsCost` points.
 */
export const AdTierSchema = z.object({
  minPoints: z.number().int().min(1).max(100_000_000),
  rewardFen: z.number().int().min(1).max(100_000),
  pointsCost: z.number().int().min(1).max(100_000_000),
});
export type AdTier = z.infer<typeof AdTierSchema>;

/** The ad cash-out's settings; every number here is shown to shoppers before they start (no hidden rules). */
export const AdSettingsSchema = z
  .object({
    viewsPerSet: z.number().int().min(1).max(10),
    setsPerUserPerDay: z.number().int().min(1).max(10),
    /** Per first-party device id cookie: several accounts on one phone share this cap. */
    setsPerDevicePerDay: z.number().int().min(1).max(20),
    viewSessionsPerIpPerHour: z.number().int().min(1).max(100_000),
    /** A view left open this long past its end is expired and its reservation returned. */
    viewGraceSeconds: z.number().int().min(30).max(3_600),
    /** A set with no view opened or completed for this long is expired (a new one may start). */
    setIdleMinutes: z.number().int().min(5).max(1_440),
    commissionL1Bp: z.number().int().min(0).max(5_000),
    commissionL2Bp: z.number().int().min(0).max(5_000),
    tiers: z.array(AdTierSchema).min(1).max(10),
  })
  .superRefine((s, ctx) => {
    s.tiers.forEach((tier, i) => {
      const prev = s.tiers[i - 1];
      if (prev && tier.minPoints <= prev.minPoints) ctx.addIssue({ code: "custom", path: ["tiers", i, "minPoints"], message: "ascending" });
      // A shopper in the tier can always pay its cost.
      if (tier.pointsCost > tier.minPoints) ctx.addIssue({ code: "custom", path: ["tiers", i, "pointsCost"], message: "atMostMinPoints" });
    });
  });
export type AdSettings = z.infer<typeof AdSettingsSchema>;

export const AD_SETTING_DEFAULTS: AdSettings = {
  viewsPerSet: 4,
  setsPerUserPerDay: 1,
  setsPerDevicePerDay: 1,
  viewSessionsPerIpPerHour: 120,
  viewGraceSeconds: 300,
  setIdleMinutes: 30,
  commissionL1Bp: 500,
  commissionL2Bp: 200,
  tiers: [{ minPoints: 1, rewardFen: 100, pointsCost: 1 }],
};

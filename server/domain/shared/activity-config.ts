import { cleanTextSchema } from "./clean-text";
import { isOwnImageUrl } from "./image-url";
import { z } from "zod";

/** Spec §2: a lottery-style prize may not exceed ¥50,000 (the legal cap for prize promotions). */
export const PRIZE_CAP_FEN = 50_000_00;

const RatioBp = z.number().int().min(0).max(10_000);
const Toggle = z.object({ on: z.boolean() });
const Ratio = z.object({ on: z.boolean(), ratioBp: RatioBp });
const Count = z.number().int().min(1).max(1000);

const ReferralLevel = z.object({
  on: z.boolean(),
  /** `fixed`: amountFen of credit released; `ratio`: ratioBp of the referrer's credit balance. */
  mode: z.enum(["fixed", "ratio"]),
  amountFen: z.number().int().min(0).max(PRIZE_CAP_FEN),
  ratioBp: RatioBp,
});

/** Everything about a group that is fixed when it opens: rewards, draw rules, conflict policy. */
export const ActivityConfigSchema = z.object({
  seatsPerUser: z.number().int().min(1).max(100),
  timeoutSeconds: z.number().int().min(60).max(30 * 24 * 3600),
  rewards: z.object({
    WA: Toggle,
    WB: Ratio,
    WC: Ratio,
    WD: Ratio,
    WE: Ratio,
    WF: Ratio,
    LA: Ratio,
    LB: Ratio,
    LC: Ratio,
  }),
  referral: z.object({ L1: ReferralLevel, L2: ReferralLevel }),
  rules: z.object({
    firstOfDay: Toggle,
    newUser: Toggle,
    winStreak: z.object({ on: z.boolean(), x: Count, y: Count }),
    totalWins: z.object({ on: z.boolean(), x: Count, y: Count }),
    windowCap: z.object({ on: z.boolean(), x: Count, z: Count }),
  }),
  conflictPolicy: z.enum(["dissolve", "random"]),
});
export type ActivityConfig = z.infer<typeof ActivityConfigSchema>;

export const DEFAULT_ACTIVITY_CONFIG: ActivityConfig = {
  seatsPerUser: 1,
  timeoutSeconds: 24 * 3600,
  rewards: {
    WA: { on: true },
    WB: { on: true, ratioBp: 10_000 },
    WC: { on: true, ratioBp: 10_000 },
    WD: { on: true, ratioBp: 500 },
    WE: { on: true, ratioBp: 1_000 },
    WF: { on: true, ratioBp: 10_000 },
    LA: { on: true, ratioBp: 500 },
    LB: { on: true, ratioBp: 500 },
    LC: { on: true, ratioBp: 10_000 },
  },
  referral: {
    L1: { on: true, mode: "ratio", amountFen: 0, ratioBp: 100 },
    L2: { on: true, mode: "ratio", amountFen: 0, ratioBp: 50 },
  },
  rules: {
    firstOfDay: { on: false },
    newUser: { on: false },
    winStreak: { on: false, x: 3, y: 1 },
    totalWins: { on: false, x: 10, y: 2 },
    windowCap: { on: false, x: 10, z: 3 },
  },
  conflictPolicy: "random",
};

export const ActivityItemInputSchema = z.object({
  kind: z.enum(["product", "voucher"]),
  name: cleanTextSchema({ min: 1, max: 60 }),
  imageUrl: z.string().max(500).refine(isOwnImageUrl, "IMAGE_NOT_OURS").nullish(),
  productId: z.string().uuid().nullish(),
  /** The item's own price: must equal the activity's price (all items of an activity cost P). */
  priceFen: z.number().int().positive(),
});

export const ActivityInputSchema = z
  .object({
    name: cleanTextSchema({ min: 1, max: 60 }),
    priceFen: z.number().int().positive().max(PRIZE_CAP_FEN),
    groupSize: z.number().int().min(2).max(100),
    winners: z.number().int().min(1),
    opensAt: z.date(),
    closesAt: z.date().nullish(),
    items: z.array(ActivityItemInputSchema).min(1).max(10),
    config: ActivityConfigSchema,
  })
  .superRefine((a, ctx) => {
    if (a.winners >= a.groupSize) ctx.addIssue({ code: "custom", path: ["winners"], message: "K_NOT_LESS_THAN_N" });
    if (a.config.seatsPerUser > a.groupSize) ctx.addIssue({ code: "custom", path: ["config", "seatsPerUser"], message: "SEATS_OVER_N" });
    a.items.forEach((item, i) => {
      if (item.priceFen !== a.priceFen) ctx.addIssue({ code: "custom", path: ["items", i, "priceFen"], message: "ITEM_PRICE_MISMATCH" });
      // A voucher prize is a voucher of value P: it stands for no product (nor shows one's photo).
      if (item.kind === "voucher" && item.productId) ctx.addIssue({ code: "custom", path: ["items", i, "productId"], message: "VOUCHER_WITH_PRODUCT" });
    });
    if (a.closesAt && a.closesAt <= a.opensAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "CLOSES_BEFORE_OPENS" });
  });
export type ActivityInput = z.infer<typeof ActivityInputSchema>;

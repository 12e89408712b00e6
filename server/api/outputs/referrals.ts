import { z } from "zod";
import { EARNING_KINDS } from "../../domain/referrals/referral-kinds";
import { Fen } from "./money";

/* Output schemas of the referral centre (referrals.*): every figure is integer fen. */

const LevelSplit = z.object({ l1: Fen, l2: Fen });
const Missed = z.object({ count: z.number().int(), fen: Fen });

export const ReferralCentreOutput = z.object({
  code: z.string(),
  promoter: z.object({ validUntil: z.date().nullable(), valid: z.boolean(), enteredToday: z.boolean() }),
  hasReferrer: z.boolean(),
  downline: z.object({ l1: z.number().int(), l2: z.number().int() }),
  earnings: z.object({
    paidFen: z.object({ release: LevelSplit, ads: LevelSplit, store: LevelSplit }),
    storeHeldFen: LevelSplit,
    storeClawedBackFen: LevelSplit,
    totalPaidFen: Fen,
  }),
  missed: z.object({ release: Missed, ads: Missed, store: Missed, days: z.number().int(), totalFen: Fen }),
});

export const ReferralEarningsOutput = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      kind: z.enum(EARNING_KINDS),
      level: z.union([z.literal(1), z.literal(2)]),
      stage: z.enum(["paid", "held", "released", "clawedBack"]),
      amountFen: Fen,
      clawedBackFen: Fen,
      releaseAt: z.date().nullable(),
      member: z.string(),
      activityName: z.string().nullable(),
      createdAt: z.date(),
    }),
  ),
  nextCursor: z.number().int().nullable(),
});

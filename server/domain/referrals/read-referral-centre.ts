import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entries, promoterStatus, users } from "@/db/schema";
import { businessDay } from "../shared/business-day";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { countDownline } from "./list-downline";
import { readMissedEarnings, type MissedEarnings } from "./read-missed-earnings";
import { readReferralEarnings, type ReferralEarnings } from "./read-referral-earnings";

export interface ReferralCentre {
  code: string;
  /** 推广员有效期 (spec §2): valid while `validUntil` is in the future; `enteredToday` = today's entry already extended it. */
  promoter: { validUntil: Date | null; valid: boolean; enteredToday: boolean };
  /** Whether I was bound to a referrer at sign-up (bound once, never changed). */
  hasReferrer: boolean;
  downline: { l1: number; l2: number };
  earnings: ReferralEarnings;
  missed: MissedEarnings;
}

/** The referral centre's figures for the signed-in promoter, all scoped to `userId`. */
export async function readReferralCentre(tx: DbOrTx, clock: Clock, userId: string): Promise<ReferralCentre> {
  const now = clock.now();
  const [[me], [promoter], [today], downline, earnings, missed] = await Promise.all([
    tx.select({ code: users.referralCode, referrerId: users.referrerId }).from(users).where(eq(users.id, userId)),
    tx.select({ validUntil: promoterStatus.validUntil }).from(promoterStatus).where(eq(promoterStatus.userId, userId)),
    tx.select({ id: entries.id }).from(entries).where(and(eq(entries.userId, userId), eq(entries.businessDay, businessDay(now)))).limit(1),
    countDownline(tx, userId),
    readReferralEarnings(tx, userId),
    readMissedEarnings(tx, clock, userId),
  ]);
  if (!me) throw new DomainError("NOT_FOUND");
  const validUntil = promoter?.validUntil ?? null;
  return {
    code: me.code,
    promoter: { validUntil, valid: !!validUntil && validUntil > now, enteredToday: !!today },
    hasReferrer: me.referrerId !== null,
    downline,
    earnings,
    missed,
  };
}

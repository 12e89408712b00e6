import type { Db } from "@/db/client";
import type { Clock } from "../shared/clock";
import { runDailyDividend } from "./daily-dividend";
import { previousBusinessDay } from "./previous-business-day";
import { runStaticRelease } from "./static-release";

/** The 00:00 job: yesterday's daily dividend, then yesterday's static release when it is on. */
export async function runDailySettlement(db: Db, clock: Clock): Promise<{ day: string; dividendPaidFen: number; releasedFen: number | null }> {
  const day = previousBusinessDay(clock.now());
  const dividend = await runDailyDividend(db, clock, { day });
  const release = await runStaticRelease(db, clock, { day });
  return { day, dividendPaidFen: dividend.ranNow ? dividend.run.paidFen : 0, releasedFen: release ? (release.ranNow ? release.run.paidFen : 0) : null };
}

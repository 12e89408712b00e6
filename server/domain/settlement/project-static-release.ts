import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { StaticReleaseSettings } from "./settlement-settings";

export interface StaticReleaseProjection {
  /** Credit (购物金) users hold now: the soft liability static release turns into withdrawable cash. */
  creditOutstandingFen: number;
  /** Cash one day of static release would create at the base rate (acceleration adds to it). */
  perDayFen: number;
  /** Cash 30 days would create at the base rate, each day on the credit the previous days left. */
  per30DaysFen: number;
}

/** The console's warning figures: how fast static release grows cash liabilities at the current rate. */
export async function projectStaticRelease(tx: DbOrTx, settings: StaticReleaseSettings): Promise<StaticReleaseProjection> {
  const [row] = await tx.execute<{ credit: string | null; per_day: string | null }>(sql`
    SELECT SUM(balance) AS credit, SUM(LEAST(balance, balance * ${settings.baseBp}::bigint / 10000)) AS per_day
    FROM ledger_accounts WHERE asset = 'credit' AND user_id IS NOT NULL AND balance > 0`);
  const credit = Number(row?.credit ?? 0);
  const rate = Math.min(1, settings.baseBp / 10_000);
  return { creditOutstandingFen: credit, perDayFen: Number(row?.per_day ?? 0), per30DaysFen: Math.floor(credit * (1 - Math.pow(1 - rate, 30))) };
}

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { BUSINESS_TZ } from "../shared/business-day";

/**
 * The pool's calendar (spec §5), by day of the month in business time:
 * days 1–5 `open` (in, out, redeem), 6–24 `inOnly`, 25 to month end `frozen` (settlement period).
 */
export const POOL_PHASES = ["open", "inOnly", "frozen"] as const;
export type PoolPhase = (typeof POOL_PHASES)[number];

export interface PoolCalendar {
  phase: PoolPhase;
  /** The month the instant falls in, YYYY-MM (the settlement's period). */
  month: string;
  /** When the next phase starts (business midnight) and which it is. */
  nextPhaseAt: Date;
  nextPhase: PoolPhase;
}

const OUT_UNTIL_DAY = 5;
const IN_UNTIL_DAY = 24;

export function poolCalendar(at: Date, tz: string = BUSINESS_TZ): PoolCalendar {
  const local = new TZDate(at.getTime(), tz);
  const day = local.getDate();
  const y = local.getFullYear();
  const m = local.getMonth();
  const midnight = (year: number, month: number, d: number) => new Date(new TZDate(year, month, d, 0, 0, 0, 0, tz).getTime());
  const month = format(local, "yyyy-MM");
  if (day <= OUT_UNTIL_DAY) return { phase: "open", month, nextPhaseAt: midnight(y, m, OUT_UNTIL_DAY + 1), nextPhase: "inOnly" };
  if (day <= IN_UNTIL_DAY) return { phase: "inOnly", month, nextPhaseAt: midnight(y, m, IN_UNTIL_DAY + 1), nextPhase: "frozen" };
  // TZDate normalises month 12 to January of the next year.
  return { phase: "frozen", month, nextPhaseAt: midnight(y, m + 1, 1), nextPhase: "open" };
}

export function poolAllows(phase: PoolPhase, direction: "in" | "out"): boolean {
  return direction === "in" ? phase !== "frozen" : phase === "open";
}

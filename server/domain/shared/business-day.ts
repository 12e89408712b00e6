import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** The platform's business timezone (spec: defines "today", "midnight" and the days of a month). */
export const BUSINESS_TZ = "Asia/Shanghai";

/** The business calendar day of an instant, as YYYY-MM-DD, whatever the server's own timezone. */
export function businessDay(at: Date, tz: string = BUSINESS_TZ): string {
  return format(new TZDate(at.getTime(), tz), "yyyy-MM-dd");
}

/**
 * The instants business day `day` (YYYY-MM-DD) runs over: [start, end), from its midnight to the
 * next, in business time. Null for a string that is not a calendar day (2026-02-30).
 */
export function businessDayBounds(day: string, tz: string = BUSINESS_TZ): { start: Date; end: Date } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const start = new Date(new TZDate(y, mo, d, 0, 0, 0, 0, tz).getTime());
  if (businessDay(start, tz) !== day) return null;
  // TZDate normalises the day after a month's last to the next month's first.
  return { start, end: new Date(new TZDate(y, mo, d + 1, 0, 0, 0, 0, tz).getTime()) };
}

/** The bounds of a day the code derived itself (businessDay, the day after one): anything else is a bug. */
export function derivedDayBounds(day: string, tz: string = BUSINESS_TZ): { start: Date; end: Date } {
  const bounds = businessDayBounds(day, tz);
  if (!bounds) throw new Error(`not a business day: ${day}`);
  return bounds;
}

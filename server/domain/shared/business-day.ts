import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** The platform's business timezone (spec: defines "today", "midnight" and the days of a month). */
export const BUSINESS_TZ = "Asia/Shanghai";

/** Per timezone, the last day an instant fell in and its bounds: most calls ask about the same day (a join asks several times). */
const lastDay = new Map<string, { day: string; startMs: number; endMs: number }>();

/** The business calendar day of an instant, as YYYY-MM-DD, whatever the server's own timezone. */
export function businessDay(at: Date, tz: string = BUSINESS_TZ): string {
  const ms = at.getTime();
  const last = lastDay.get(tz);
  if (last && ms >= last.startMs && ms < last.endMs) return last.day;
  const day = format(new TZDate(ms, tz), "yyyy-MM-dd");
  const bounds = dayBounds(day, tz);
  if (bounds) lastDay.set(tz, { day, startMs: bounds.start.getTime(), endMs: bounds.end.getTime() });
  return day;
}

/** [midnight, next midnight) of a well-formed YYYY-MM-DD in business time, unchecked. */
function dayBounds(day: string, tz: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  // TZDate normalises the day after a month's last to the next month's first.
  return { start: new Date(new TZDate(y, mo, d, 0, 0, 0, 0, tz).getTime()), end: new Date(new TZDate(y, mo, d + 1, 0, 0, 0, 0, tz).getTime()) };
}

/**
 * The instants business day `day` (YYYY-MM-DD) runs over: [start, end), from its midnight to the
 * next, in business time. Null for a string that is not a calendar day (2026-02-30).
 */
export function businessDayBounds(day: string, tz: string = BUSINESS_TZ): { start: Date; end: Date } | null {
  const last = lastDay.get(tz);
  if (last && last.day === day) return { start: new Date(last.startMs), end: new Date(last.endMs) };
  const bounds = dayBounds(day, tz);
  // 2026-02-30 would normalise to March 2nd: a day that is not its own midnight's day is no day.
  if (!bounds || format(new TZDate(bounds.start.getTime(), tz), "yyyy-MM-dd") !== day) return null;
  return bounds;
}

/** The bounds of a day the code derived itself (businessDay, the day after one): anything else is a bug. */
export function derivedDayBounds(day: string, tz: string = BUSINESS_TZ): { start: Date; end: Date } {
  const bounds = businessDayBounds(day, tz);
  if (!bounds) throw new Error(`not a business day: ${day}`);
  return bounds;
}

/*
 * The report's range in business days (Asia/Shanghai, "YYYY-MM-DD"): a preset ending today or a custom
 * pair, never longer than the server's 92 days. Day arithmetic on the calendar date alone (UTC noon),
 * so no device timezone or daylight-saving shift moves a day.
 */

export const MAX_REPORT_DAYS = 92;
export const PRESETS = ["7", "30", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function toNoon(day: string): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return new Date(at).toISOString().slice(0, 10) === day ? at : null;
}

export function addDays(day: string, n: number): string {
  const at = toNoon(day);
  return at === null ? day : new Date(at + n * 86_400_000).toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive, or null when either is not a calendar day. */
export function daysBetween(from: string, to: string): number | null {
  const a = toNoon(from);
  const b = toNoon(to);
  return a === null || b === null ? null : Math.round((b - a) / 86_400_000) + 1;
}

export function presetRange(today: string, days: number): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

export type RangeError = "dayInvalid" | "fromAfterTo" | "tooLong";

/** Why a custom range cannot be asked for, or null when it can. */
export function rangeError(from: string, to: string): RangeError | null {
  const n = daysBetween(from, to);
  if (n === null) return "dayInvalid";
  if (n < 1) return "fromAfterTo";
  if (n > MAX_REPORT_DAYS) return "tooLong";
  return null;
}

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** Schedules are entered in the platform's business timezone, whatever the operator's browser says. */
const BUSINESS_TZ = "Asia/Shanghai";

/** An instant as a `datetime-local` value ("2025-11-27T09:30") on the Shanghai wall clock. */
export function toLocalInput(at: Date): string {
  return format(new TZDate(at.getTime(), BUSINESS_TZ), "yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` value read on the Shanghai wall clock, or null when it is not one. */
export function fromLocalInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const at = new TZDate(y, mo - 1, d, h, mi, BUSINESS_TZ);
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime());
}

import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** The platform's business timezone (spec: defines "today", "midnight" and the days of a month). */
export const BUSINESS_TZ = "Asia/Shanghai";

/** The business calendar day of an instant, as YYYY-MM-DD, whatever the server's own timezone. */
export function businessDay(at: Date, tz: string = BUSINESS_TZ): string {
  return format(new TZDate(at.getTime(), tz), "yyyy-MM-dd");
}

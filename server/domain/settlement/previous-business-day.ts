import { TZDate } from "@date-fns/tz";
import { format, subDays } from "date-fns";
import { BUSINESS_TZ } from "../shared/business-day";

/** The business day before the one `at` falls in: what the 00:00 jobs settle. */
export function previousBusinessDay(at: Date, tz: string = BUSINESS_TZ): string {
  return format(subDays(new TZDate(at.getTime(), tz), 1), "yyyy-MM-dd");
}

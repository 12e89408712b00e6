"use client";

import { splitCountdown, useServerNow } from "../activities/server-clock";
import { businessDay, businessDayBounds } from "@/server/domain/shared/business-day";

/** Time until the next business midnight (00:00 Beijing time), when the daily sets reset. */
export function NextReset({ serverNow }: { serverNow: Date }) {
  const now = useServerNow(serverNow);
  if (now === null) return <span className="tabular">--:--:--</span>;
  const end = businessDayBounds(businessDay(new Date(now)))?.end.getTime() ?? now;
  return (
    <span className="tabular" role="timer">
      {splitCountdown(end - now).clock}
    </span>
  );
}

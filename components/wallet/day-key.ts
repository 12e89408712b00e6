export const BUSINESS_TIME_ZONE = "Asia/Shanghai";

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: BUSINESS_TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** "2025-11-27": the calendar day of an instant in the business timezone, whatever the device's zone. */
export function businessDayKey(at: Date): string {
  return dayFormat.format(at);
}

/** Items in order, cut into runs that share a business day. */
export function groupByBusinessDay<T>(items: readonly T[], at: (item: T) => Date): { day: string; items: T[] }[] {
  const groups: { day: string; items: T[] }[] = [];
  for (const item of items) {
    const day = businessDayKey(at(item));
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}

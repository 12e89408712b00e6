import type { EarnPageData } from "./types";

export type EarnState = "otherDevice" | "resume" | "doneToday" | "noPoints" | "noAds" | "start";

/** What the 赚钱 tab offers now, in the order that decides it: a set elsewhere blocks everything. */
export function earnState(page: EarnPageData): EarnState {
  const current = page.current;
  if (current && !current.onThisDevice) return "otherDevice";
  if (current) return current.playing || page.adsAvailable ? "resume" : "noAds";
  if (page.setsLeftToday <= 0) return "doneToday";
  if (!page.myTier) return "noPoints";
  if (!page.adsAvailable) return "noAds";
  return "start";
}

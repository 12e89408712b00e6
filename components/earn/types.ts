import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type AdsOut = inferRouterOutputs<AppRouter>["ads"];

export type EarnPageData = AdsOut["page"];
export type EarnTier = EarnPageData["rules"]["tiers"][number];
export type EarnRules = EarnPageData["rules"];
export type CurrentSet = NonNullable<EarnPageData["current"]>;
export type AdSetReward = NonNullable<AdsOut["completeView"]["reward"]>;

export interface AdCreative {
  name: string;
  advertiser: string;
  url: string;
  type: string;
}

/** An ad being shown: its server deadline, and how far the server's clock is ahead of this device's. */
export interface PlayingView {
  viewId: string;
  nonce: string;
  completesAtMs: number;
  durationSeconds: number;
  creative: AdCreative | null;
  /** serverTime − Date.now(), measured when the response carrying serverTime arrived. */
  offsetMs: number;
}

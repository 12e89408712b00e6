import type { CampaignRow } from "./types";

export type CampaignStatus = "running" | "paused" | "scheduled" | "ended" | "capReached" | "advertiserEmpty";

/**
 * Whether serving would pick the campaign now, and if not the first reason why, in the order
 * open-ad-view.ts checks them: switched on, inside its schedule, room under its cap for one more view,
 * and an advertiser budget that can pay one.
 */
export function campaignStatus(c: CampaignRow, now: Date, advertiserBalanceFen: number | undefined): CampaignStatus {
  if (!c.active) return "paused";
  if (c.startsAt > now) return "scheduled";
  if (c.endsAt && c.endsAt <= now) return "ended";
  if (c.budgetFen - c.committedFen < c.pricePerViewFen) return "capReached";
  if (advertiserBalanceFen !== undefined && advertiserBalanceFen < c.pricePerViewFen) return "advertiserEmpty";
  return "running";
}

export const STATUS_TONE: Record<CampaignStatus, string> = {
  running: "bg-emerald-50 text-emerald-700",
  paused: "bg-neutral-100 text-neutral-500",
  scheduled: "bg-sky-50 text-sky-700",
  ended: "bg-neutral-100 text-neutral-400",
  capReached: "bg-amber-50 text-amber-800",
  advertiserEmpty: "bg-amber-50 text-amber-800",
};

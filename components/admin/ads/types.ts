import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type AdsOut = inferRouterOutputs<AppRouter>["admin"]["ads"];
type AdsIn = inferRouterInputs<AppRouter>["admin"]["ads"];

export type CampaignRow = AdsOut["campaigns"][number];
export type AdvertiserRow = AdsOut["advertisers"][number];
export type AdSettingsData = AdsOut["settings"];
export type NetworkData = AdsOut["networks"][number];
export type AdReportData = AdsOut["report"];
export type CampaignInput = AdsIn["saveCampaign"];
export type NetworkInput = AdsIn["saveNetwork"];

"use client";

import { useTranslations } from "next-intl";
import { useAssetLabel } from "../activities/use-asset-label";

/** A reward line's words ("未中奖退款", "购物金释放"): reasons come from the ledger (data), so unknown ones show as stored. */
export function useRewardLabel(): (reason: string, assetCode: string) => string {
  const reasons = useTranslations("result.reasons");
  const asset = useAssetLabel(true);
  // Reasons are data, so their keys are checked at run time.
  const translate = reasons as unknown as { has(key: string): boolean; (key: string, values: Record<string, string>): string };
  return (reason, assetCode) => {
    const key = reason.replace(/\./g, "_");
    return translate.has(key) ? translate(key, { asset: asset(assetCode), credit: asset("credit"), cash: asset("cash") }) : reason;
  };
}

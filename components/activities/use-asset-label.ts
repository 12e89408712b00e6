"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { assetName } from "../wallet/asset-names";
import { useTRPC } from "../trpc/react";

export type AssetCode = "cash" | "credit" | "divPoints" | "mallPoints" | "voucher";

/**
 * The operator's name for an asset (购物金, 分红积分 and 购物券 are configurable, spec §1) once the
 * signed-in wallet overview is loaded; the default names before that and for signed-out visitors.
 */
export function useAssetLabel(signedIn: boolean): (asset: string) => string {
  const t = useTranslations("assetNames");
  const locale = useLocale();
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.wallet.overview.queryOptions(), enabled: signedIn, staleTime: 60_000 });
  return (asset) => {
    if (data) return assetName(data.displayNames, asset, locale);
    return t.has(asset as AssetCode) ? t(asset as AssetCode) : asset;
  };
}

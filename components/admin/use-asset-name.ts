"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale } from "next-intl";
import { useTRPC } from "../trpc/react";
import { assetName } from "../wallet/asset-names";

/** The operator's display name of an asset in the reader's language (spec §1), from the platform settings. */
export function useAssetName(): (asset: string) => string {
  const locale = useLocale();
  const trpc = useTRPC();
  const settings = useQuery(trpc.admin.settings.queryOptions());
  return (asset: string) => (settings.data ? assetName(settings.data.displayNames, asset, locale) : asset);
}

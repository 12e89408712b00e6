"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { formatAssetAmount, formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { ButtonLink } from "../ui/button";
import { Card } from "../ui/card";
import { assetName } from "./asset-names";

const SMALL = ["credit", "divPoints", "mallPoints", "voucher"] as const;

/** 零钱 large with its two actions; the other four assets in a grid, each under the operator's name for it. */
export function BalanceCards() {
  const t = useTranslations("wallet");
  const locale = useLocale();
  const trpc = useTRPC();
  const { data } = useQuery(trpc.wallet.overview.queryOptions());
  if (!data) return <div className="h-64 animate-pulse rounded-2xl bg-white" />;
  const { balances, displayNames } = data;
  return (
    <div className="flex flex-col gap-3">
      <div className="rounded-2xl bg-gradient-to-br from-brand to-[#f25a3f] p-4 text-white shadow-sm" data-testid="balance-cash">
        <p className="text-sm text-white/85">{assetName(displayNames, "cash", locale)}</p>
        <p className="tabular mt-1 text-[32px] leading-tight font-semibold">{formatFen(balances.cash)}</p>
        <p className="mt-1 text-xs text-white/75">{t("cashHint")}</p>
        <div className="mt-4 grid grid-cols-2 gap-3">
          <ButtonLink href="/wallet/topup" className="!bg-white !text-brand" size="md">
            {t("topup")}
          </ButtonLink>
          <ButtonLink href="/wallet/withdraw" className="border border-white/70 !bg-transparent !text-white" size="md">
            {t("withdraw")}
          </ButtonLink>
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3">
        {SMALL.map((asset) => (
          <Card key={asset} className="p-3.5" data-testid={`balance-${asset}`}>
            <p className="truncate text-xs text-neutral-500">{assetName(displayNames, asset, locale)}</p>
            <p className="tabular mt-1 text-lg font-semibold text-neutral-900">{formatAssetAmount(asset, balances[asset])}</p>
            <p className="mt-0.5 text-[11px] leading-snug text-neutral-400">{t(`assetHints.${asset}`)}</p>
          </Card>
        ))}
      </div>
    </div>
  );
}

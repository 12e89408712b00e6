"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { useAssetLabel } from "../activities/use-asset-label";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { Spinner } from "../ui/spinner";
import { AdPlayer } from "./ad-player";
import { EarnHero } from "./earn-hero";
import { EarnHistory } from "./earn-history";
import { EarnRules } from "./earn-rules";
import { ReferralCard } from "./referral-card";
import { StartPanel } from "./start-panel";
import { TierTable } from "./tier-table";
import type { EarnPageData } from "./types";
import type { PlayerEntry } from "./use-ad-set";

function entryFor(page: EarnPageData): PlayerEntry {
  const current = page.current?.onThisDevice ? page.current : null;
  return { resume: current !== null, viewsDone: current?.viewsDone ?? 0, viewsRequired: current?.viewsRequired ?? page.rules.viewsPerSet };
}

/** The 赚钱 tab for a signed-in shopper: balance and tier, the start action, the full rules, history; the player over it. */
export function EarnView() {
  const t = useTranslations("earn");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const label = useAssetLabel(true);
  const page = useQuery(trpc.ads.page.queryOptions());
  const [player, setPlayer] = useState<PlayerEntry | null>(null);
  const resumed = useRef(false);

  // Reloaded while an ad was playing: that ad's time is still running on the server, so go straight back to it.
  useEffect(() => {
    if (resumed.current || !page.data) return;
    resumed.current = true;
    if (page.data.current?.onThisDevice && page.data.current.playing) setPlayer(entryFor(page.data));
  }, [page.data]);

  const exit = useCallback(() => {
    setPlayer(null);
    void queryClient.invalidateQueries({ queryKey: trpc.ads.pathKey() });
  }, [queryClient, trpc]);

  if (page.isPending) return <Spinner label={t("loading")} className="mx-auto my-10 text-neutral-400" />;
  if (page.isError) return <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => page.refetch()}>{t("retry")}</Button>} />;
  const data = page.data;
  const pointsName = label("mallPoints");
  return (
    <>
      <EarnHero page={data} pointsName={pointsName} cashName={label("cash")}>
        <StartPanel page={data} pointsName={pointsName} onStart={() => setPlayer(entryFor(data))} />
      </EarnHero>
      <TierTable tiers={data.rules.tiers} myTier={data.myTier} pointsName={pointsName} />
      <EarnRules rules={data.rules} />
      <ReferralCard commissionL1Bp={data.rules.commissionL1Bp} />
      <EarnHistory history={data.history} />
      {player ? <AdPlayer entry={player} onExit={exit} /> : null}
    </>
  );
}

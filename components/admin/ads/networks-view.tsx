"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "../../trpc/react";
import { Spinner } from "../../ui/spinner";
import { Panel } from "../table";
import { NetworkCard } from "./network-card";

/** 广告联盟: one card per network adapter (Pangle, AdMob), and what the direct campaigns are for. */
export function NetworksView({ origin, canWrite }: { origin: string; canWrite: boolean }) {
  const t = useTranslations("admin.ads.networks");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const networks = useQuery(trpc.admin.ads.networks.queryOptions());
  if (networks.isPending) {
    return (
      <Panel className="flex justify-center py-16 text-neutral-400">
        <Spinner label={tt("loading")} />
      </Panel>
    );
  }
  if (networks.isError) return <Panel className="p-6 text-sm text-brand">{networks.error.message}</Panel>;
  return (
    <div className="flex flex-col gap-4">
      <p className="rounded-md bg-sky-50 px-4 py-2.5 text-sm text-sky-900">{t("intro")}</p>
      <div className="grid grid-cols-2 items-stretch gap-4">
        {networks.data.map((n) => (
          <NetworkCard key={n.network} network={n} origin={origin} canWrite={canWrite} />
        ))}
      </div>
    </div>
  );
}

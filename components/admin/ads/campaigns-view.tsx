"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { readError } from "../../errors/read-error";
import { formatFen } from "../../money/format-fen";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { toast } from "../../ui/toast";
import { Panel } from "../table";
import { CampaignEditor } from "./campaign-editor";
import { CampaignsTable } from "./campaigns-table";
import type { CampaignRow } from "./types";

/** 广告活动: the table, totals above it, and (ads.write) the editor drawer and the on/off switch of each row. */
export function CampaignsView({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("admin.ads.campaigns");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const campaigns = useQuery(trpc.admin.ads.campaigns.queryOptions());
  const advertisers = useQuery(trpc.admin.ads.advertisers.queryOptions());
  const save = useMutation(trpc.admin.ads.saveCampaign.mutationOptions());
  const [editing, setEditing] = useState<CampaignRow | "new" | null>(null);
  const [now] = useState(() => new Date());

  const rows = campaigns.data ?? [];
  const balances = useMemo(() => new Map((advertisers.data ?? []).map((a) => [a.id, a.balanceFen])), [advertisers.data]);
  const totals = rows.reduce((s, c) => ({ budget: s.budget + c.budgetFen, spent: s.spent + c.spentFen, committed: s.committed + c.committedFen }), { budget: 0, spent: 0, committed: 0 });

  async function toggle(c: CampaignRow) {
    try {
      await save.mutateAsync({ id: c.id, advertiserId: c.advertiserId, name: c.name, creativeUrl: c.creativeUrl, durationSeconds: c.durationSeconds, pricePerViewFen: c.pricePerViewFen, budgetFen: c.budgetFen, startsAt: c.startsAt, endsAt: c.endsAt, active: !c.active });
      toast.success(c.active ? t("paused", { name: c.name }) : t("resumed", { name: c.name }));
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    } finally {
      await qc.invalidateQueries({ queryKey: trpc.admin.ads.campaigns.queryKey() });
    }
  }

  return (
    <Panel>
      <div className="flex items-center justify-between gap-4 border-b border-neutral-100 px-4 py-3">
        <p className="tabular text-sm text-neutral-600" data-testid="campaign-totals">
          {t("totals", { count: rows.length, budget: formatFen(totals.budget), spent: formatFen(totals.spent), committed: formatFen(totals.committed) })}
        </p>
        {canWrite ? (
          <Button size="sm" onClick={() => setEditing("new")} disabled={!advertisers.data?.length} title={advertisers.data?.length ? undefined : t("noAdvertisers")}>
            + {t("new")}
          </Button>
        ) : null}
      </div>
      <CampaignsTable
        query={campaigns}
        rows={rows}
        balances={balances}
        now={now}
        canWrite={canWrite}
        busyId={save.isPending ? (save.variables?.id ?? null) : null}
        onEdit={setEditing}
        onToggle={(c) => void toggle(c)}
      />
      {editing ? <CampaignEditor campaign={editing === "new" ? null : editing} advertisers={advertisers.data ?? []} onClose={() => setEditing(null)} /> : null}
    </Panel>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { formatFen } from "../../money/format-fen";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { QueryRows } from "../query-rows";
import { Panel, Table, Td, Th } from "../table";
import { AdvertiserDrawer } from "./advertiser-drawer";

/** 广告主: name, contact, prepaid in total and the budget left (the ledger account's balance); a drawer each. */
export function AdvertisersView({ canWrite, canPrepay }: { canWrite: boolean; canPrepay: boolean }) {
  const t = useTranslations("admin.ads.advertisers");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const list = useQuery(trpc.admin.ads.advertisers.queryOptions());
  const [open, setOpen] = useState<string | "new" | null>(null);
  const rows = list.data ?? [];
  // The drawer reads its advertiser from the list, so a recorded prepayment shows there as soon as the list refreshes.
  const opened = open && open !== "new" ? (rows.find((a) => a.id === open) ?? null) : null;

  return (
    <Panel>
      <div className="flex items-center justify-between gap-4 border-b border-neutral-100 px-4 py-3">
        <p className="text-sm text-neutral-600">{t("intro")}</p>
        {canWrite ? (
          <Button size="sm" onClick={() => setOpen("new")}>
            + {t("new")}
          </Button>
        ) : null}
      </div>
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("name")}</Th>
            <Th>{t("contact")}</Th>
            <Th className="text-right">{t("prepaid")}</Th>
            <Th className="text-right">{t("balance")}</Th>
            <Th className="text-right">{t("campaigns")}</Th>
            <Th className="text-right">{tt("actions")}</Th>
          </tr>
        </thead>
        <tbody>
          <QueryRows query={list} items={rows} colSpan={6} empty={t("empty")}>
            {(a) => (
              <tr key={a.id} data-testid="advertiser-row">
                <Td className="font-medium">{a.name}</Td>
                <Td className="text-neutral-600">{a.contact || "—"}</Td>
                <Td className="tabular text-right">{formatFen(a.prepaidFen)}</Td>
                <Td className={`tabular text-right font-medium ${a.balanceFen === 0 ? "text-brand" : ""}`} data-testid="advertiser-balance">
                  {formatFen(a.balanceFen)}
                </Td>
                <Td className="tabular text-right">{a.campaigns}</Td>
                <Td className="text-right whitespace-nowrap">
                  <Button size="sm" variant="ghost" onClick={() => setOpen(a.id)}>
                    {canPrepay ? t("openPrepay") : t("open")}
                  </Button>
                </Td>
              </tr>
            )}
          </QueryRows>
        </tbody>
      </Table>
      {open === "new" ? <AdvertiserDrawer advertiser={null} canWrite={canWrite} canPrepay={false} onClose={() => setOpen(null)} onCreated={setOpen} /> : null}
      {opened ? <AdvertiserDrawer advertiser={opened} canWrite={canWrite} canPrepay={canPrepay} onClose={() => setOpen(null)} onCreated={setOpen} /> : null}
    </Panel>
  );
}

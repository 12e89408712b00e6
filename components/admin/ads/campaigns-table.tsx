"use client";

import { useFormatter, useTranslations } from "next-intl";
import { formatFen } from "../../money/format-fen";
import { Button } from "../../ui/button";
import { QueryRows } from "../query-rows";
import { Table, Td, Th } from "../table";
import { campaignStatus, STATUS_TONE } from "./campaign-status";
import { CreativeThumb } from "./creative-thumb";
import { formatRate } from "./format-rate";
import type { CampaignRow } from "./types";


/** Every campaign with its money (price, cap, spent, committed, room left) and views; actions for ads.write. */
export function CampaignsTable({
  query,
  rows,
  balances,
  now,
  canWrite,
  busyId,
  onEdit,
  onToggle,
}: {
  query: { isPending: boolean; isError: boolean; error: { message: string } | null };
  rows: readonly CampaignRow[];
  balances: ReadonlyMap<string, number>;
  now: Date;
  canWrite: boolean;
  busyId: string | null;
  onEdit: (c: CampaignRow) => void;
  onToggle: (c: CampaignRow) => void;
}) {
  const t = useTranslations("admin.ads.campaigns");
  const tt = useTranslations("admin.table");
  const format = useFormatter();
  const columns = canWrite ? 13 : 12;
  const when = (d: Date) => format.dateTime(d, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return (
    // Thirteen columns fit 1440 px only with tighter cell padding than the console's default; the outer cells keep it.
    <div className="[&_td]:px-2.5 [&_td:first-child]:pl-4 [&_td:last-child]:pr-4 [&_th]:px-2.5 [&_th:first-child]:pl-4 [&_th:last-child]:pr-4">
      <Table label={t("title")}>
        <thead>
          <tr>
            <Th>{t("campaign")}</Th>
            <Th className="text-right">{t("durationShort")}</Th>
            <Th className="text-right">{t("pricePerViewShort")}</Th>
            <Th className="text-right">{t("budgetShort")}</Th>
            <Th className="text-right">{t("spent")}</Th>
            <Th className="text-right" title={t("committedHelp")}>
              {t("committed")}
            </Th>
            <Th className="text-right">{t("remaining")}</Th>
            <Th className="text-right">{t("sessions")}</Th>
            <Th className="text-right">{t("completed")}</Th>
            <Th className="text-right">{t("rate")}</Th>
            <Th>{t("schedule")}</Th>
            <Th>{t("status")}</Th>
            {canWrite ? <Th className="text-right">{tt("actions")}</Th> : null}
          </tr>
        </thead>
        <tbody>
          <QueryRows query={query} items={rows} colSpan={columns} empty={t("empty")}>
            {(c) => {
              const status = campaignStatus(c, now, balances.get(c.advertiserId));
              return (
                <tr key={c.id} data-testid="campaign-row">
                  <Td>
                    <span className="flex items-center gap-3">
                      <CreativeThumb url={c.creativeUrl} type={c.creativeType} label={t("creativeOf", { type: c.creativeType.toUpperCase() })} />
                      <span className="flex min-w-0 flex-col">
                        <span className="max-w-56 truncate font-medium" title={c.name}>
                          {c.name}
                        </span>
                        <span className="max-w-56 truncate text-xs text-neutral-500" title={c.advertiser}>
                          {c.advertiser}
                        </span>
                      </span>
                    </span>
                  </Td>
                  <Td className="tabular text-right whitespace-nowrap">{t("secondsValue", { n: c.durationSeconds })}</Td>
                  <Td className="tabular text-right">{formatFen(c.pricePerViewFen)}</Td>
                  <Td className="tabular text-right">{formatFen(c.budgetFen)}</Td>
                  <Td className="tabular text-right font-medium">{formatFen(c.spentFen)}</Td>
                  <Td className="tabular text-right">{formatFen(c.committedFen)}</Td>
                  <Td className="tabular text-right">{formatFen(c.budgetFen - c.committedFen)}</Td>
                  <Td className="tabular text-right">{format.number(c.sessions)}</Td>
                  <Td className="tabular text-right">{format.number(c.completedViews)}</Td>
                  <Td className="tabular text-right">{formatRate(c.completedViews, c.sessions)}</Td>
                  <Td className="tabular text-xs leading-5 whitespace-nowrap text-neutral-600">
                    <span className="block">{when(c.startsAt)}</span>
                    <span className="block text-neutral-400">{c.endsAt ? t("until", { at: when(c.endsAt) }) : t("noEnd")}</span>
                  </Td>
                  <Td>
                    <span className={`rounded-full px-2 py-0.5 text-xs whitespace-nowrap ${STATUS_TONE[status]}`} data-testid="campaign-status">
                      {t(`statuses.${status}`)}
                    </span>
                  </Td>
                  {canWrite ? (
                    <Td className="text-right whitespace-nowrap">
                      <span className="inline-flex gap-1">
                        <Button size="sm" variant="ghost" onClick={() => onEdit(c)}>
                          {t("editShort")}
                        </Button>
                        <Button size="sm" variant="ghost" loading={busyId === c.id} onClick={() => onToggle(c)}>
                          {c.active ? t("pause") : t("resume")}
                        </Button>
                      </span>
                    </Td>
                  ) : null}
                </tr>
              );
            }}
          </QueryRows>
        </tbody>
      </Table>
    </div>
  );
}

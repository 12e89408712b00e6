"use client";

import { useTranslations } from "next-intl";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatFen, formatPoints } from "../../money/format-fen";
import { useAxisYuan } from "../chart-axis";
import { Panel } from "../table";
import { useAssetName } from "../use-asset-name";
import type { DashboardData } from "./types";

type Key = keyof DashboardData["liabilities"]["now"];
/** The users' balances of an asset: named with the operator's display name of the asset. */
const USER_ASSETS = new Set<Key>(["cash", "credit", "divPoints", "mallPoints", "voucher"]);
const ITEMS: { key: Key; unit: "fen" | "points"; color: string }[] = [
  { key: "cash", unit: "fen", color: "#52c41a" },
  { key: "credit", unit: "fen", color: "#E02E24" },
  { key: "divPoints", unit: "points", color: "#722ed1" },
  { key: "mallPoints", unit: "points", color: "#1677ff" },
  { key: "voucher", unit: "fen", color: "#fa8c16" },
  { key: "poolPoints", unit: "points", color: "#9254de" },
  { key: "heldCommission", unit: "fen", color: "#faad14" },
  { key: "pendingWithdrawals", unit: "fen", color: "#13c2c2" },
  { key: "advertiserBudgets", unit: "fen", color: "#8c8c8c" },
];

const show = (unit: "fen" | "points", v: number) => (unit === "fen" ? formatFen(v) : formatPoints(v));

function Sparkline({ data, color }: { data: { day: string; v: number | null }[]; color: string }) {
  return (
    <div className="h-9">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 0, bottom: 2, left: 0 }}>
          <YAxis hide domain={["dataMin", "dataMax"]} />
          <Line type="monotone" dataKey="v" stroke={color} strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * 未结负债: what the platform owes now (from the ledger: the last snapshot plus today's entries) with a
 * 30-day trend each, then credit and points against what the running activities' settings projected.
 */
export function LiabilitiesPanel({ liabilities, planned }: { liabilities: DashboardData["liabilities"]; planned: DashboardData["planned"] }) {
  const t = useTranslations("admin.dashboard.liabilities");
  const axisYuan = useAxisYuan();
  const assetName = useAssetName();
  const label = (key: Key) => (USER_ASSETS.has(key) ? t("items.users", { asset: assetName(key) }) : t(`items.${key as Exclude<Key, "cash" | "credit" | "divPoints" | "mallPoints" | "voucher">}`));
  const plannedByDay = new Map(planned.series.map((p) => [p.day, p]));
  const vsPlan = liabilities.trend.map((p) => ({
    day: p.day.slice(5),
    credit: p.values?.credit ?? null,
    creditPlanned: plannedByDay.get(p.day)?.creditFen ?? null,
    // Points at ¥1.00 each (the default ad cash-out tier), as the editor's projection counts mall points.
    mall: p.values ? p.values.mallPoints * 100 : null,
    mallPlanned: (plannedByDay.get(p.day)?.mallPoints ?? 0) * 100,
  }));
  return (
    <Panel className="p-4">
      <div className="flex items-baseline justify-between">
        <h2 className="font-semibold">{t("title")}</h2>
        <p className="text-xs text-neutral-500">{t("body")}</p>
      </div>
      <div className="mt-3 grid grid-cols-5 gap-3" data-testid="dashboard-liabilities">
        {ITEMS.map((item) => (
          <div key={item.key} className="rounded-md border border-neutral-100 px-3 pt-2.5 pb-1">
            <p className="truncate text-xs text-neutral-500">{label(item.key)}</p>
            <p className="tabular mt-1 text-base font-semibold" data-testid={`liability-${item.key}`}>
              {show(item.unit, liabilities.now[item.key])}
            </p>
            <Sparkline data={liabilities.trend.map((p) => ({ day: p.day, v: p.values?.[item.key] ?? null }))} color={item.color} />
          </div>
        ))}
      </div>
      <div className="mt-4 grid grid-cols-[1fr_17rem] gap-6 border-t border-neutral-100 pt-4">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold">{t("vsPlanTitle")}</h3>
          <p className="mt-0.5 text-xs text-neutral-500">{t("vsPlanBody")}</p>
          <div className="mt-2 h-56" data-testid="chart-liabilities">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={vsPlan} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#f0f0f0" vertical={false} />
                <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={{ stroke: "#d9d9d9" }} minTickGap={24} />
                <YAxis tickFormatter={axisYuan} tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={false} width={64} />
                <Tooltip formatter={(value) => formatFen(Number(value))} contentStyle={{ fontSize: 12, borderRadius: 6 }} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Line name={t("creditActual")} dataKey="credit" stroke="#E02E24" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
                <Line name={t("creditPlanned")} dataKey="creditPlanned" stroke="#E02E24" strokeDasharray="5 4" strokeWidth={1.5} dot={false} isAnimationActive={false} />
                <Line name={t("mallActual")} dataKey="mall" stroke="#1677ff" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
                <Line name={t("mallPlanned")} dataKey="mallPlanned" stroke="#1677ff" strokeDasharray="5 4" strokeWidth={1.5} dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </div>
        <div className="text-sm" data-testid="dashboard-planned">
          <p className="text-xs text-neutral-500">{t("plannedFor")}</p>
          {planned.activities.length === 0 ? (
            <p className="mt-2 text-neutral-400">{t("noActivities")}</p>
          ) : (
            <ul className="mt-2 grid gap-1.5">
              {planned.activities.map((a) => (
                <li key={a.id} className="flex items-baseline justify-between gap-2">
                  <span className="truncate text-neutral-700">{a.name}</span>
                  <span className="tabular shrink-0 text-xs text-neutral-500">{t("perDay", { n: a.dailyGroups, since: a.openDay.slice(5) })}</span>
                </li>
              ))}
            </ul>
          )}
          <PlanLine label={t("creditNow")} actual={liabilities.now.credit} planned={planned.series.at(-1)?.creditFen ?? 0} unit="fen" />
          <PlanLine label={t("divNow")} actual={liabilities.now.divPoints + liabilities.now.poolPoints} planned={planned.series.at(-1)?.divPoints ?? 0} unit="points" />
          <PlanLine label={t("mallNow")} actual={liabilities.now.mallPoints} planned={planned.series.at(-1)?.mallPoints ?? 0} unit="points" />
          <PlanLine label={t("voucherNow")} actual={liabilities.now.voucher} planned={planned.series.at(-1)?.voucherFen ?? 0} unit="fen" />
        </div>
      </div>
    </Panel>
  );
}

function PlanLine({ label, actual, planned, unit }: { label: string; actual: number; planned: number; unit: "fen" | "points" }) {
  const t = useTranslations("admin.dashboard.liabilities");
  return (
    <div className="mt-3 border-t border-neutral-100 pt-2">
      <p className="text-xs text-neutral-500">{label}</p>
      <p className="tabular flex items-baseline justify-between">
        <span>{t("actual")}</span>
        <span>{show(unit, actual)}</span>
      </p>
      <p className="tabular flex items-baseline justify-between text-neutral-500">
        <span>{t("planned")}</span>
        <span>{show(unit, planned)}</span>
      </p>
    </div>
  );
}

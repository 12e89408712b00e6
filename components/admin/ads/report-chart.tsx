"use client";

import { useTranslations } from "next-intl";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatFen } from "../../money/format-fen";
import { useAxisYuan } from "../chart-axis";
import type { AdReportData } from "./types";

const LEGEND_ORDER: Record<string, number> = { revenueFen: 0, rewardsFen: 1, commissionsFen: 2, subsidyFen: 3 };

/** Per day: ad revenue against what the cash-outs cost (rewards and commissions, stacked), and the subsidy line. */
export function ReportChart({ days }: { days: AdReportData["days"] }) {
  const t = useTranslations("admin.ads.report");
  const axisYuan = useAxisYuan();
  const rows = days.map((d) => ({ day: d.day.slice(5), revenueFen: d.revenueFen, rewardsFen: d.rewardsFen, commissionsFen: d.commissionsFen, subsidyFen: d.subsidyFen }));
  return (
    <div className="h-72" data-testid="report-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#f0f0f0" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={{ stroke: "#d9d9d9" }} minTickGap={16} />
          <YAxis tickFormatter={axisYuan} tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={false} width={60} />
          <ReferenceLine y={0} stroke="#d9d9d9" />
          <Tooltip formatter={(value) => formatFen(Number(value))} contentStyle={{ fontSize: 12, borderRadius: 6 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={(item) => LEGEND_ORDER[String(item.dataKey)] ?? 9} />
          <Bar name={t("revenue")} dataKey="revenueFen" stackId="in" fill="#1677ff" maxBarSize={22} isAnimationActive={false} />
          <Bar name={t("rewards")} dataKey="rewardsFen" stackId="out" fill="#ff7875" maxBarSize={22} isAnimationActive={false} />
          <Bar name={t("commissions")} dataKey="commissionsFen" stackId="out" fill="#ffc069" maxBarSize={22} isAnimationActive={false} />
          <Line name={t("subsidy")} type="monotone" dataKey="subsidyFen" stroke="#E02E24" strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatFen, formatPoints } from "../../money/format-fen";
import { useAxisCount, useAxisYuan } from "../chart-axis";
import type { DashboardData } from "./types";

/** Per day: GMV stacked by source (group-buy, store) and the number of entries on a second axis. */
export function GmvChart({ days }: { days: DashboardData["days"] }) {
  const t = useTranslations("admin.dashboard.charts");
  const axisYuan = useAxisYuan();
  const axisCount = useAxisCount();
  const rows = days.map((d) => ({ day: d.day.slice(5), group: d.figures.gmvGroupFen, store: d.figures.gmvStoreFen, entries: d.figures.entries }));
  return (
    <div className="h-72" data-testid="chart-gmv">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#f0f0f0" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={{ stroke: "#d9d9d9" }} minTickGap={16} />
          <YAxis yAxisId="fen" tickFormatter={axisYuan} tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={false} width={64} />
          <YAxis yAxisId="n" orientation="right" tickFormatter={axisCount} tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={false} width={40} allowDecimals={false} />
          <Tooltip formatter={(value, _name, item) => (item.dataKey === "entries" ? formatPoints(Number(value)) : formatFen(Number(value)))} contentStyle={{ fontSize: 12, borderRadius: 6 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="fen" name={t("gmvGroup")} dataKey="group" stackId="gmv" fill="#E02E24" maxBarSize={28} isAnimationActive={false} />
          <Bar yAxisId="fen" name={t("gmvStore")} dataKey="store" stackId="gmv" fill="#fa8c16" maxBarSize={28} isAnimationActive={false} />
          <Line yAxisId="n" name={t("entries")} type="monotone" dataKey="entries" stroke="#1677ff" strokeWidth={2} dot={{ r: 2.5 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatFen } from "../../money/format-fen";
import { useAxisYuan } from "../chart-axis";
import type { DashboardData } from "./types";

/** Per day: cash in (top-ups) above the line, cash out (withdrawals paid, store refunds, dividend and pool payouts) below it. */
export function CashFlowChart({ days }: { days: DashboardData["days"] }) {
  const t = useTranslations("admin.dashboard.charts");
  const axisYuan = useAxisYuan();
  const rows = days.map((d) => ({
    day: d.day.slice(5),
    topups: d.figures.topupsFen,
    withdrawals: -d.figures.withdrawalsPaidFen,
    payouts: -(d.figures.dailyDividendFen + d.figures.poolPayoutFen + d.figures.staticReleaseFen),
    refunds: -d.figures.storeRefundsFen,
  }));
  return (
    <div className="h-64" data-testid="chart-cash">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} stackOffset="sign" margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#f0f0f0" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={{ stroke: "#d9d9d9" }} minTickGap={16} />
          <YAxis tickFormatter={axisYuan} tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={false} width={64} />
          <ReferenceLine y={0} stroke="#bfbfbf" />
          <Tooltip formatter={(value) => formatFen(Math.abs(Number(value)))} contentStyle={{ fontSize: 12, borderRadius: 6 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar name={t("topups")} dataKey="topups" stackId="cash" fill="#52c41a" maxBarSize={24} isAnimationActive={false} />
          <Bar name={t("withdrawals")} dataKey="withdrawals" stackId="cash" fill="#1677ff" maxBarSize={24} isAnimationActive={false} />
          <Bar name={t("payouts")} dataKey="payouts" stackId="cash" fill="#722ed1" maxBarSize={24} isAnimationActive={false} />
          <Bar name={t("refunds")} dataKey="refunds" stackId="cash" fill="#fa8c16" maxBarSize={24} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

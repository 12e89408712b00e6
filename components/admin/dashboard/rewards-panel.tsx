"use client";

import { useTranslations } from "next-intl";
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatFen, formatPoints } from "../../money/format-fen";
import type { DayFiguresData } from "./types";

type Code = "WA" | "WB" | "WC" | "WD" | "WE" | "WF" | "LA" | "LB" | "LC" | "referral";
type Row = { code: Code; value: number; unit: "fen" | "points"; color: string };

/** Rewards paid in the range by type (spec §2 W-A…W-F, L-A…L-C, referral releases), cash-valued ones charted. */
export function RewardsPanel({ totals }: { totals: DayFiguresData }) {
  const t = useTranslations("admin.dashboard.rewards");
  const rows: Row[] = [
    { code: "WA", value: totals.rewardWAVoucherFen, unit: "fen", color: "#fa8c16" },
    { code: "WB", value: totals.rewardWBPoints, unit: "points", color: "#722ed1" },
    { code: "WC", value: totals.rewardWCFen, unit: "fen", color: "#E02E24" },
    { code: "WD", value: totals.rewardWDFen, unit: "fen", color: "#ff7875" },
    { code: "WE", value: totals.dailyDividendFen, unit: "fen", color: "#13c2c2" },
    { code: "WF", value: totals.rewardWFPoints, unit: "points", color: "#1677ff" },
    { code: "LA", value: totals.rewardLAFen, unit: "fen", color: "#52c41a" },
    { code: "LB", value: totals.rewardLBFen, unit: "fen", color: "#95de64" },
    { code: "LC", value: totals.rewardLCPoints, unit: "points", color: "#69b1ff" },
    { code: "referral", value: totals.referralReleaseFen, unit: "fen", color: "#faad14" },
  ];
  const cash = rows.filter((r) => r.unit === "fen").map((r) => ({ ...r, name: t(`short.${r.code}`) }));
  return (
    <div className="flex h-full flex-col" data-testid="dashboard-rewards">
      <div className="h-44" data-testid="chart-rewards">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={cash} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
            <XAxis type="number" hide />
            <YAxis type="category" dataKey="name" width={56} tick={{ fontSize: 11, fill: "#595959" }} tickLine={false} axisLine={false} />
            <Tooltip formatter={(value) => formatFen(Number(value))} contentStyle={{ fontSize: 12, borderRadius: 6 }} cursor={{ fill: "#fafafa" }} />
            <Bar dataKey="value" maxBarSize={12} radius={[0, 3, 3, 0]} isAnimationActive={false}>
              {cash.map((r) => (
                <Cell key={r.code} fill={r.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-3 grid gap-y-1.5 border-t border-neutral-100 pt-3 text-[13px]">
        {rows.map((r) => (
          <li key={r.code} className="flex items-baseline justify-between gap-3">
            <span className="flex items-center gap-2 text-neutral-600">
              <span aria-hidden="true" className="size-2 rounded-sm" style={{ background: r.color }} />
              {t(`long.${r.code}`)}
            </span>
            <span className="tabular" data-testid={`reward-${r.code}`}>
              {r.unit === "fen" ? formatFen(r.value) : t("points", { n: formatPoints(r.value) })}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

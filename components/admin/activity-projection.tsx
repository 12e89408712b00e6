"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EconomicsAssumptions, EconomicsInput } from "@/server/domain/activities/economics-preview";
import { DEFAULT_PROJECTION, liabilityProjection, ProjectionOptionsSchema } from "@/server/domain/activities/liability-projection";
import { formatFen, formatPoints } from "../money/format-fen";
import { parseYuanToFen } from "../money/parse-yuan";
import { bpToPercentInput } from "./activity-form";
import { useAxisYuan } from "./chart-axis";
import { Panel } from "./table";

const SERIES = [
  { key: "creditFen", color: "#E02E24" },
  { key: "mallFen", color: "#1677ff" },
  { key: "divFen", color: "#722ed1" },
  { key: "voucherFen", color: "#fa8c16" },
  { key: "cashEquivalentFen", color: "#262626" },
] as const;
type SeriesKey = (typeof SERIES)[number]["key"];

function SmallInput({ label, value, onChange, suffix, testId, error }: { label: string; value: string; onChange: (v: string) => void; suffix?: string; testId?: string; error?: boolean }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-[11px] text-neutral-500">{label}</span>
      <span className={`flex h-8 items-center rounded-md border bg-white px-2 ${error ? "border-brand" : "border-neutral-300 focus-within:border-neutral-500"}`}>
        <input value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-invalid={error || undefined} className="tabular w-full min-w-0 bg-transparent text-[13px] outline-none" />
        {suffix ? <span className="ml-1 text-xs text-neutral-400">{suffix}</span> : null}
      </span>
    </label>
  );
}

/**
 * Spec §10: a seeded simulation of 30–365 days at a chosen daily volume, plotting the outstanding
 * liabilities (credit, points at their cash value, vouchers), with the exact figures beside it.
 */
export function ActivityProjection({ input, assumptions }: { input: EconomicsInput | null; assumptions: EconomicsAssumptions }) {
  const t = useTranslations("admin.projection");
  const axisYuan = useAxisYuan();
  const [days, setDays] = useState(String(DEFAULT_PROJECTION.days));
  const [daily, setDaily] = useState(String(DEFAULT_PROJECTION.dailyGroups));
  const [seed, setSeed] = useState(String(DEFAULT_PROJECTION.seed));
  const [holders, setHolders] = useState(bpToPercentInput(DEFAULT_PROJECTION.creditHolderShareBp));
  const [redeem, setRedeem] = useState(bpToPercentInput(DEFAULT_PROJECTION.mallPointsRedeemBpPerDay));

  const options = ProjectionOptionsSchema.safeParse({
    days: /^\d+$/.test(days) ? Number(days) : Number.NaN,
    dailyGroups: /^\d+$/.test(daily) ? Number(daily) : Number.NaN,
    seed: /^\d+$/.test(seed) ? Number(seed) : Number.NaN,
    creditHolderShareBp: parseYuanToFen(holders) ?? Number.NaN,
    mallPointsRedeemBpPerDay: parseYuanToFen(redeem) ?? Number.NaN,
  });
  const bad = (field: string) => !options.success && options.error.issues.some((i) => i.path[0] === field);

  const projection = useMemo(() => (input && options.success ? liabilityProjection(input, assumptions, options.data) : null), [input, assumptions, options.success, options.data]);
  const rows = useMemo(
    () =>
      projection?.series.map((d) => ({
        day: d.day,
        creditFen: d.creditFen,
        mallFen: d.mallPoints * assumptions.mallPointValueFen,
        divFen: d.divPoints * assumptions.divPointValueFen,
        voucherFen: d.voucherFen,
        cashEquivalentFen: d.cashEquivalentFen,
      })) ?? [],
    [projection, assumptions],
  );
  const names: Record<SeriesKey, string> = { creditFen: t("credit"), mallFen: t("mallPoints"), divFen: t("divPoints"), voucherFen: t("vouchers"), cashEquivalentFen: t("total") };
  const last = rows.at(-1);
  const peak = projection?.peak;

  return (
    <Panel className="p-4">
      <h2 className="font-semibold">{t("title")}</h2>
      <p className="mt-0.5 text-xs text-neutral-400">{t("subtitle")}</p>
      <div className="mt-3 grid grid-cols-5 items-end gap-2">
        <SmallInput label={t("days")} value={days} onChange={setDays} testId="projection-days" error={bad("days")} />
        <SmallInput label={t("dailyGroups")} value={daily} onChange={setDaily} testId="projection-daily" error={bad("dailyGroups")} />
        <SmallInput label={t("seed")} value={seed} onChange={setSeed} testId="projection-seed" error={bad("seed")} />
        <SmallInput label={t("holderShare")} value={holders} onChange={setHolders} suffix="%" error={bad("creditHolderShareBp")} />
        <SmallInput label={t("mallRedeem")} value={redeem} onChange={setRedeem} suffix="%" error={bad("mallPointsRedeemBpPerDay")} />
      </div>
      {!options.success ? <p className="mt-2 text-xs text-brand">{t("optionsInvalid")}</p> : null}

      {!projection || !last || !peak ? (
        <p className="mt-3 rounded-md bg-neutral-50 px-3 py-6 text-center text-sm text-neutral-500">{t("waiting")}</p>
      ) : (
        <>
          <div className="mt-3 h-56" data-testid="projection-chart">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="#f0f0f0" vertical={false} />
                <XAxis dataKey="day" tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={{ stroke: "#d9d9d9" }} minTickGap={24} />
                <YAxis tickFormatter={axisYuan} tick={{ fontSize: 11, fill: "#8c8c8c" }} tickLine={false} axisLine={false} width={56} />
                <Tooltip
                  formatter={(value) => formatFen(Number(value))}
                  labelFormatter={(day) => t("day", { day: Number(day) })}
                  contentStyle={{ fontSize: 12, borderRadius: 6 }}
                />
                <Legend iconType="plainline" wrapperStyle={{ fontSize: 11 }} />
                {SERIES.filter((s) => s.key !== "divFen" || assumptions.divPointValueFen > 0).map((s) => (
                  <Line key={s.key} name={names[s.key]} type="monotone" dataKey={s.key} stroke={s.color} strokeWidth={s.key === "cashEquivalentFen" ? 2 : 1.5} dot={false} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="mt-3 w-full text-[12px]" data-testid="projection-numbers">
            <thead>
              <tr className="text-neutral-400">
                <th className="py-1 text-left font-normal" />
                <th className="py-1 text-right font-normal">{t("atEnd", { day: last.day })}</th>
                <th className="py-1 text-right font-normal">{t("peak", { day: peak.day })}</th>
              </tr>
            </thead>
            <tbody className="tabular">
              <tr>
                <td className="py-0.5 text-neutral-600">{t("credit")}</td>
                <td className="text-right">{formatFen(last.creditFen)}</td>
                <td className="text-right text-neutral-500">{formatFen(peak.creditFen)}</td>
              </tr>
              <tr>
                <td className="py-0.5 text-neutral-600">{t("mallPointsCount")}</td>
                <td className="text-right">{formatFen(last.mallFen)}</td>
                <td className="text-right text-neutral-500">{formatFen(peak.mallPoints * assumptions.mallPointValueFen)}</td>
              </tr>
              <tr>
                <td className="py-0.5 text-neutral-600">{t("divPointsCount")}</td>
                <td className="text-right">{formatPoints(projection.last.divPoints)}</td>
                <td className="text-right text-neutral-500">{formatPoints(peak.divPoints)}</td>
              </tr>
              <tr>
                <td className="py-0.5 text-neutral-600">{t("vouchers")}</td>
                <td className="text-right">{formatFen(last.voucherFen)}</td>
                <td className="text-right text-neutral-500">{formatFen(peak.voucherFen)}</td>
              </tr>
              <tr className="font-semibold">
                <td className="border-t border-neutral-100 py-1">{t("total")}</td>
                <td className="border-t border-neutral-100 text-right" data-testid="projection-total">
                  {formatFen(last.cashEquivalentFen)}
                </td>
                <td className="border-t border-neutral-100 text-right">{formatFen(peak.cashEquivalentFen)}</td>
              </tr>
              <tr>
                <td className="py-0.5 text-neutral-600">{t("margin")}</td>
                <td className={`text-right ${projection.last.cumulativeCashMarginFen < 0 ? "text-brand" : ""}`}>{formatFen(projection.last.cumulativeCashMarginFen)}</td>
                <td className="text-right text-neutral-400">{t("totalGroups", { n: projection.totalGroups })}</td>
              </tr>
            </tbody>
          </table>
          <p className="mt-2 text-[11px] leading-snug text-neutral-400">{t("method")}</p>
        </>
      )}
    </Panel>
  );
}

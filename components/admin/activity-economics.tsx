"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { economicsPreview, type EconomicsAssumptions, type EconomicsInput, type Ranged } from "@/server/domain/activities/economics-preview";
import { formatFen, formatPoints } from "../money/format-fen";
import { Panel } from "./table";

function Row({ label, value, sub, strong, negative, testId }: { label: ReactNode; value: string; sub?: ReactNode; strong?: boolean; negative?: boolean; testId?: string }) {
  return (
    <div className={`flex items-baseline justify-between gap-3 py-1 ${strong ? "border-t border-neutral-100 pt-2 font-semibold" : ""}`}>
      <span className={`min-w-0 text-[13px] ${strong ? "text-neutral-900" : "text-neutral-600"}`}>{label}</span>
      <span className="flex flex-col items-end">
        <span className={`tabular text-[13px] whitespace-nowrap ${negative ? "text-brand" : strong ? "text-neutral-900" : "text-neutral-800"}`} data-testid={testId}>
          {value}
        </span>
        {sub ? <span className="tabular text-[11px] whitespace-nowrap text-neutral-400">{sub}</span> : null}
      </span>
    </div>
  );
}

/**
 * Spec §10: one full group's money at the settings being typed, computed in the browser by the
 * same pure function the tests pin (economicsPreview → settleDrawnGroup), so it matches a real draw.
 */
export function ActivityEconomics({ input, assumptions }: { input: EconomicsInput | null; assumptions: EconomicsAssumptions }) {
  const t = useTranslations("admin.economics");
  if (!input) {
    return (
      <Panel className="p-4">
        <h2 className="font-semibold">{t("title")}</h2>
        <p className="mt-3 rounded-md bg-neutral-50 px-3 py-6 text-center text-sm text-neutral-500">{t("waiting")}</p>
      </Panel>
    );
  }
  const e = economicsPreview(input, assumptions);
  const ranged = (r: Ranged, sign: "-" | "" = "-") => ({
    value: `${sign}${formatFen(r.fen)}`,
    sub: r.minFen !== r.maxFen ? t("range", { min: formatFen(r.minFen), max: formatFen(r.maxFen) }) : undefined,
  });
  const minus = (fen: number) => (fen === 0 ? formatFen(0) : `-${formatFen(fen)}`);
  const pct = `${assumptions.productCostBp / 100}%`;
  return (
    <Panel className="p-4">
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="font-semibold">{t("title")}</h2>
        <span className="text-xs text-neutral-400">{t("perGroup", { n: input.groupSize, k: input.winners })}</span>
      </div>
      <p className="mt-0.5 text-xs text-neutral-400">{t("subtitle")}</p>

      <div className="mt-3">
        <Row label={t("collected", { n: input.groupSize })} value={formatFen(e.collectedFen)} />
        <Row label={t("refunds", { n: input.groupSize - input.winners })} value={minus(e.refundsFen)} />
        <Row label={t("revenue", { k: input.winners })} value={formatFen(e.revenueFen)} strong testId="economics-revenue" />
      </div>

      <h3 className="mt-3 text-xs font-medium text-neutral-500">{t("cashTitle")}</h3>
      <Row label={t("LA")} value={minus(e.cash.cashBonusFen)} />
      <Row label={t("WD")} {...ranged(e.cash.winnerReleaseFen)} />
      <Row label={t("LB")} {...ranged(e.cash.loserReleaseFen)} />
      <Row label={t("referral")} {...ranged(e.cash.referralReleaseFen)} />
      <Row label={t("WE")} value={minus(e.cash.dividendPoolFen)} />
      <Row label={t("product", { count: e.productPrizes, pct })} value={minus(e.cash.productCostFen)} />
      <Row label={t("cashMargin")} {...ranged(e.cashMarginFen, "")} value={formatFen(e.cashMarginFen.fen)} strong negative={e.cashMarginFen.fen < 0} testId="economics-cash-margin" />

      <h3 className="mt-3 text-xs font-medium text-neutral-500">{t("liabilitiesTitle")}</h3>
      <Row label={t("credit")} value={formatFen(e.liabilities.creditIssuedFen)} />
      <Row label={t("creditReleased")} {...ranged(e.liabilities.creditReleasedFen)} />
      <Row label={t("divPoints", { points: formatPoints(e.liabilities.divPoints) })} value={formatFen(e.liabilities.divPointsFen)} />
      <Row label={t("mallPoints", { points: formatPoints(e.liabilities.mallPoints) })} value={formatFen(e.liabilities.mallPointsFen)} />
      <Row label={t("vouchers", { count: e.voucherPrizes })} value={formatFen(e.liabilities.voucherFen)} />
      <Row label={t("netLiabilities")} {...ranged(e.liabilities.netFen, "")} value={formatFen(e.liabilities.netFen.fen)} strong testId="economics-liabilities" />

      <div className={`mt-3 rounded-md px-3 py-2.5 ${e.marginAfterLiabilitiesFen < 0 ? "bg-brand/5" : "bg-green-50"}`}>
        <div className="flex items-baseline justify-between gap-3">
          <span className="text-[13px] font-semibold">{t("marginAfter")}</span>
          <span className={`tabular text-base font-semibold ${e.marginAfterLiabilitiesFen < 0 ? "text-brand" : "text-green-700"}`} data-testid="economics-margin-after">
            {formatFen(e.marginAfterLiabilitiesFen)}
          </span>
        </div>
        <p className="mt-1 text-[11px] leading-snug text-neutral-500">{t("marginAfterHint")}</p>
      </div>

      <p className="mt-3 text-[11px] leading-snug text-neutral-500">
        {t("perWinner", { credit: formatFen(e.perWinner.creditFen), div: formatPoints(e.perWinner.divPoints), mall: formatPoints(e.perWinner.mallPoints) })}
        <br />
        {t("perLoser", { refund: formatFen(e.perLoser.refundFen), cash: formatFen(e.perLoser.cashFen), mall: formatPoints(e.perLoser.mallPoints) })}
      </p>
    </Panel>
  );
}

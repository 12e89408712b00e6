"use client";

import { useFormatter, useTranslations } from "next-intl";
import { formatFen } from "../money/format-fen";
import { Card, CardTitle } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { ReceiptIcon } from "../ui/icons";
import type { EarnPageData } from "./types";

/** Each completed set: when, the cash it paid and the points it cost. */
export function EarnHistory({ history }: { history: EarnPageData["history"] }) {
  const t = useTranslations("earn.history");
  const format = useFormatter();
  return (
    <Card data-testid="earn-history">
      <CardTitle>{t("title")}</CardTitle>
      {history.length === 0 ? (
        <EmptyState icon={<ReceiptIcon size={26} />} title={t("empty")} description={t("emptyBody")} className="py-6" />
      ) : (
        <ul className="divide-y divide-neutral-100 px-4 pb-2">
          {history.map((h) => (
            <li key={h.setId} className="flex items-center justify-between gap-3 py-3" data-testid="earn-history-line">
              <span className="tabular text-sm text-neutral-700">{format.dateTime(h.completedAt, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Shanghai" })}</span>
              <span className="text-right">
                <span className="tabular block text-[15px] font-semibold text-green-600">{formatFen(h.rewardFen, { sign: "always" })}</span>
                <span className="tabular block text-xs text-neutral-500">{t("points", { points: h.pointsSpent })}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

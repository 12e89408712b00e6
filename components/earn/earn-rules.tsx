"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Card, CardTitle } from "../ui/card";
import type { EarnRules as Rules } from "./types";

/** Every rule that decides what a set pays, in plain words and the operator's numbers. */
export function EarnRules({ rules }: { rules: Rules }) {
  const t = useTranslations("earn.rules");
  const format = useFormatter();
  const percent = (bp: number) => format.number(bp / 10_000, { style: "percent", maximumFractionDigits: 2 });
  const lines = [
    t("perSet", { views: rules.viewsPerSet, cap: rules.setsPerUserPerDay }),
    t("fullLength"),
    t("close"),
    t("paid"),
    t("commission", { l1: percent(rules.commissionL1Bp), l2: percent(rules.commissionL2Bp) }),
    t("reset"),
  ];
  return (
    <Card data-testid="earn-rules">
      <CardTitle>{t("title")}</CardTitle>
      <ol className="flex flex-col gap-2 px-4 pb-4 text-sm leading-relaxed text-neutral-700">
        {lines.map((line, i) => (
          <li key={i} className="flex gap-2.5">
            <span aria-hidden="true" className="tabular mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-neutral-100 text-[11px] font-medium text-neutral-500">
              {i + 1}
            </span>
            <span>{line}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}

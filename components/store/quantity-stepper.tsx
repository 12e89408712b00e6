"use client";

import { useTranslations } from "next-intl";
import { MAX_QTY } from "./cart-store";

/** − n + with 44 px targets; bounded 1…max. */
export function QuantityStepper({ value, onChange, max = MAX_QTY }: { value: number; onChange: (n: number) => void; max?: number }) {
  const t = useTranslations("shop");
  const top = Math.max(1, Math.min(MAX_QTY, max));
  const btn = "flex size-11 items-center justify-center text-lg text-neutral-700 disabled:text-neutral-300";
  return (
    <div className="inline-flex items-center rounded-full border border-neutral-200 bg-white">
      <button type="button" className={btn} aria-label={t("decrease")} disabled={value <= 1} onClick={() => onChange(value - 1)}>
        −
      </button>
      <span className="tabular w-8 text-center text-[15px]" data-testid="qty" aria-live="polite">
        {value}
      </span>
      <button type="button" className={btn} aria-label={t("increase")} disabled={value >= top} onClick={() => onChange(value + 1)}>
        +
      </button>
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import type { GATEWAY_REFUND_STATUSES, PAYMENT_PROVIDERS, PAYMENT_STATUSES, PaymentProviderName } from "@/db/schema";

// Written out here, not imported: a value from db/schema would bring the ORM into the browser's bundle.
export const PROVIDERS = ["sandbox", "alipay", "wechatpay"] as const satisfies typeof PAYMENT_PROVIDERS;
export const PAYMENT_STATUS_OPTIONS = ["pending", "paid", "review", "failed", "refunded", "dismissed"] as const satisfies typeof PAYMENT_STATUSES;
export const REFUND_STATUS_OPTIONS = ["pending", "processing", "succeeded", "failed"] as const satisfies typeof GATEWAY_REFUND_STATUSES;

export const selectClass = "h-9 rounded-md border border-neutral-300 bg-white px-2 text-sm text-neutral-900 outline-none focus:border-neutral-500";

/** A labelled select of a console filter: "" is "all". */
export function FilterSelect<T extends string>({
  label,
  value,
  options,
  allLabel,
  renderOption,
  onChange,
  testId,
}: {
  label: string;
  value: T | "";
  options: readonly T[];
  allLabel: string;
  renderOption: (option: T) => string;
  onChange: (next: T | "") => void;
  testId?: string;
}) {
  return (
    <label className="flex items-center gap-2 text-sm text-neutral-500">
      <span className="whitespace-nowrap">{label}</span>
      <select aria-label={label} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as T | "")} className={`${selectClass} min-w-32`}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {renderOption(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The provider filter every payment list shares: all, 沙箱, 支付宝, 微信支付. */
export function ProviderFilter({ value, onChange }: { value: PaymentProviderName | ""; onChange: (next: PaymentProviderName | "") => void }) {
  const t = useTranslations("admin.payments");
  return <FilterSelect label={t("provider")} value={value} options={PROVIDERS} allLabel={t("allProviders")} renderOption={(p) => t(`providers.${p}`)} onChange={onChange} testId="provider-filter" />;
}

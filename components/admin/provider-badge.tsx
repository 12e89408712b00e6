"use client";

import { useTranslations } from "next-intl";
import type { PaymentProviderName } from "@/db/schema";

const TONE: Record<PaymentProviderName, string> = {
  sandbox: "bg-neutral-100 text-neutral-600",
  alipay: "bg-sky-50 text-sky-700",
  wechatpay: "bg-emerald-50 text-emerald-700",
};

/** Who collected a payment (or sends a refund back), as a small chip: 沙箱 / 支付宝 / 微信支付. */
export function ProviderBadge({ provider }: { provider: PaymentProviderName }) {
  const t = useTranslations("admin.payments.providers");
  return (
    <span data-testid="payment-provider" data-provider={provider} className={`inline-flex h-6 items-center whitespace-nowrap rounded px-2 text-xs font-medium ${TONE[provider]}`}>
      {t(provider)}
    </span>
  );
}

/** A provider's transaction or refund id: monospace, cut to its column, whole on hover and when selected. */
export function ProviderRef({ value, className = "" }: { value: string | null; className?: string }) {
  if (!value) return <span className="text-neutral-400">—</span>;
  return (
    <span className={`block truncate font-mono text-xs text-neutral-600 select-all ${className}`} title={value}>
      {value}
    </span>
  );
}

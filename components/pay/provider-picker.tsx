"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { PaymentProviderName } from "@/db/schema";
import { useTRPC } from "../trpc/react";

/**
 * The providers this shopper may pay with here (only those configured; WeChat Pay first inside
 * WeChat's browser) and the one chosen: the shopper's pick, else the first listed.
 */
export function usePaymentProviders(enabled = true) {
  const trpc = useTRPC();
  const methods = useQuery({ ...trpc.payments.methods.queryOptions(), enabled, staleTime: 60_000 });
  const providers = methods.data?.providers ?? [];
  const [picked, setPicked] = useState<PaymentProviderName | null>(null);
  const chosen = picked && providers.includes(picked) ? picked : (providers[0] ?? null);
  return { providers, chosen, choose: setPicked, loading: methods.isPending };
}

/** Each provider's mark: its colour and the character shoppers know it by. */
const MARKS: Record<PaymentProviderName, { color: string; glyph: string }> = {
  alipay: { color: "#1677ff", glyph: "支" },
  wechatpay: { color: "#07c160", glyph: "微" },
  sandbox: { color: "#8f959e", glyph: "S" },
};

/**
 * The choice of provider on a pay sheet. Drawn only when there is a choice (one provider is simply used).
 * `nested`: a sub-choice of "pay online" (join, checkout), indented under it so the two choices do not
 * read as one list; otherwise the form's own choice (top-up), under its title. Each row is a 44 px target.
 */
export function ProviderPicker({ providers, chosen, onChoose, nested = false }: { providers: PaymentProviderName[]; chosen: PaymentProviderName | null; onChoose: (p: PaymentProviderName) => void; nested?: boolean }) {
  const t = useTranslations("pay");
  if (providers.length < 2) return null;
  const list = (
    <div
      className={nested ? "ml-4 grid gap-2 border-l-2 border-brand/20 pl-3" : "grid gap-2"}
      role="radiogroup"
      aria-label={t("providerTitle")}
      data-testid="provider-picker"
    >
      {providers.map((p) => {
        const checked = p === chosen;
        return (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={checked}
            onClick={() => onChoose(p)}
            data-testid={`provider-${p}`}
            className={`flex min-h-11 w-full items-center gap-3 border px-3 text-left ${nested ? "rounded-lg bg-white" : "rounded-xl"} ${checked ? "border-brand/60 bg-brand/[0.03]" : "border-neutral-200"}`}
          >
            <span aria-hidden="true" className="flex size-6 shrink-0 items-center justify-center rounded-md text-xs font-bold text-white" style={{ backgroundColor: MARKS[p].color }}>
              {MARKS[p].glyph}
            </span>
            <span className="flex-1 text-sm font-medium text-neutral-800">{t(`provider_${p}`)}</span>
            <span aria-hidden="true" className={`flex size-4 shrink-0 items-center justify-center rounded-full border ${checked ? "border-brand" : "border-neutral-300"}`}>
              {checked ? <span className="size-2 rounded-full bg-brand" /> : null}
            </span>
          </button>
        );
      })}
    </div>
  );
  if (nested) return list;
  return (
    <section className="flex flex-col gap-2">
      <h2 className="px-1 text-sm font-medium text-neutral-600">{t("providerTitle")}</h2>
      {list}
    </section>
  );
}

"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field } from "../ui/input";
import { ProviderPicker, usePaymentProviders } from "../pay/provider-picker";

const PRESETS_FEN = [50_00, 100_00, 200_00, 500_00];

/** Amount in yuan → integer fen → a payment order → the gateway's cashier page. */
export function TopupForm() {
  const t = useTranslations("wallet");
  const trpc = useTRPC();
  const { data } = useQuery(trpc.wallet.overview.queryOptions());
  const create = useMutation(trpc.wallet.createTopup.mutationOptions());
  const providers = usePaymentProviders();
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const limits = data?.limits;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (create.isPending || leaving) return;
    const fen = parseYuanToFen(amount);
    if (fen === null || fen <= 0) return setError(t("amountInvalid"));
    if (limits && (fen < limits.topupMinFen || fen > limits.topupMaxFen)) {
      return setError(t("topupRange", { min: formatFen(limits.topupMinFen), max: formatFen(limits.topupMaxFen) }));
    }
    setError(null);
    try {
      const order = await create.mutateAsync({ amountFen: fen, ...(providers.chosen ? { provider: providers.chosen } : {}) });
      setLeaving(true);
      // The gateway's page is another site in production: a full navigation, as it would be there.
      window.location.assign(order.payUrl);
    } catch (err) {
      setError(readError(err, t("networkError")).message);
    }
  }

  const selectedFen = parseYuanToFen(amount);
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <Card className="p-4">
        <Field
          label={t("topupAmount")}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          prefix="¥"
          placeholder="0.00"
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            setError(null);
          }}
          error={error}
          hint={limits ? t("topupRange", { min: formatFen(limits.topupMinFen), max: formatFen(limits.topupMaxFen) }) : undefined}
          inputClassName="tabular text-2xl font-semibold"
          maxLength={14}
        />
        <div className="mt-3 grid grid-cols-4 gap-2" role="group" aria-label={t("presets")}>
          {PRESETS_FEN.map((fen) => (
            <button
              key={fen}
              type="button"
              onClick={() => {
                setAmount(fenToYuanInput(fen));
                setError(null);
              }}
              className={`tabular min-h-11 rounded-lg border text-sm font-medium ${selectedFen === fen ? "border-brand bg-brand/5 text-brand" : "border-neutral-200 text-neutral-700"}`}
            >
              {formatFen(fen).replace(/\.00$/, "")}
            </button>
          ))}
        </div>
      </Card>
      <ProviderPicker providers={providers.providers} chosen={providers.chosen} onChoose={providers.choose} />
      <p className="px-1 text-xs leading-relaxed text-neutral-500">{t("topupNote")}</p>
      <Button type="submit" size="lg" loading={create.isPending || leaving}>
        {selectedFen && selectedFen > 0 ? t("topupSubmitAmount", { amount: formatFen(selectedFen) }) : t("topupSubmit")}
      </Button>
    </form>
  );
}

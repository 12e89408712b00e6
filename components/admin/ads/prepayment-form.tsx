"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../../errors/read-error";
import { formatFen } from "../../money/format-fen";
import { parseYuanToFen } from "../../money/parse-yuan";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { FormError } from "../../ui/input";
import { Dialog } from "../../ui/sheet";
import { toast } from "../../ui/toast";
import { TextField } from "./form-controls";
import { newUuid } from "./new-uuid";
import type { AdvertiserRow } from "./types";

// Mirrors recordPrepayment (server/domain/ads/manage-advertisers.ts): ¥0.01 – ¥1,000,000.00, a reference of 2–80 characters.
const MAX_PREPAYMENT_FEN = 100_000_000;
const REFERENCE = { min: 2, max: 80 } as const;

/**
 * Finance records an advertiser's bank transfer, after confirming the amount and reference in words.
 * The prepayment's id is made once per form: a double click or a retry after a lost answer records
 * once; a new id is made only after a success.
 */
export function PrepaymentForm({ advertiser }: { advertiser: AdvertiserRow }) {
  const t = useTranslations("admin.ads.advertisers");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const record = useMutation(trpc.admin.ads.recordPrepayment.mutationOptions());
  const [prepaymentId, setPrepaymentId] = useState(newUuid);
  const [amount, setAmount] = useState("");
  const [reference, setReference] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; reference?: string; form?: string }>({});
  const [confirm, setConfirm] = useState<{ amountFen: number; reference: string } | null>(null);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const amountFen = parseYuanToFen(amount);
    const ref = reference.trim();
    const found: typeof errors = {};
    if (amountFen === null) found.amount = t("amountInvalid");
    else if (amountFen < 1 || amountFen > MAX_PREPAYMENT_FEN) found.amount = t("amountRange", { min: formatFen(1), max: formatFen(MAX_PREPAYMENT_FEN) });
    if (ref.length < REFERENCE.min || ref.length > REFERENCE.max) found.reference = t("referenceLength", REFERENCE);
    setErrors(found);
    if (amountFen !== null && Object.keys(found).length === 0) setConfirm({ amountFen, reference: ref });
  }

  async function onConfirm() {
    if (!confirm) return;
    try {
      const out = await record.mutateAsync({ prepaymentId, advertiserId: advertiser.id, amountFen: confirm.amountFen, reference: confirm.reference });
      toast.success(t("recorded", { name: advertiser.name, amount: formatFen(out.amountFen) }));
      setAmount("");
      setReference("");
      setPrepaymentId(newUuid());
      await qc.invalidateQueries({ queryKey: trpc.admin.ads.pathKey() });
    } catch (err) {
      const shown = readError(err, tt("networkError"));
      if (shown.code === "AD_PREPAYMENT_DUPLICATE") setErrors({ reference: shown.message });
      else if (shown.code === "AMOUNT_OUT_OF_RANGE") setErrors({ amount: shown.message });
      else setErrors({ form: shown.message });
    } finally {
      setConfirm(null);
    }
  }

  return (
    <section className="rounded-lg border border-neutral-200 p-4" data-testid="prepayment-form">
      <h3 className="text-sm font-semibold">{t("prepayTitle")}</h3>
      <p className="mt-0.5 text-xs text-neutral-500">{t("prepayBody")}</p>
      <form onSubmit={onSubmit} noValidate className="mt-3 grid grid-cols-[10rem_1fr_auto] items-start gap-3">
        <TextField
          label={t("amount")}
          prefix="¥"
          inputMode="decimal"
          value={amount}
          error={errors.amount}
          onValue={(v) => {
            setAmount(v);
            setErrors((e) => ({ ...e, amount: undefined }));
          }}
          testId="prepayment-amount"
        />
        <TextField
          label={t("reference")}
          value={reference}
          maxLength={REFERENCE.max}
          placeholder={t("referencePlaceholder")}
          error={errors.reference}
          onValue={(v) => {
            setReference(v);
            setErrors((e) => ({ ...e, reference: undefined }));
          }}
          testId="prepayment-reference"
        />
        <Button type="submit" size="sm" className="mt-[22px] h-9">
          {t("prepay")}
        </Button>
      </form>
      <div className="mt-2">
        <FormError>{errors.form}</FormError>
      </div>
      <Dialog
        open={confirm !== null}
        onClose={() => (record.isPending ? undefined : setConfirm(null))}
        title={t("prepayConfirmTitle")}
        actions={
          <>
            <Button variant="neutral" onClick={() => setConfirm(null)} disabled={record.isPending}>
              {t("cancel")}
            </Button>
            <Button onClick={() => void onConfirm()} loading={record.isPending} data-testid="prepayment-confirm">
              {t("confirmPrepay")}
            </Button>
          </>
        }
      >
        {confirm ? t("prepayConfirm", { name: advertiser.name, amount: formatFen(confirm.amountFen), reference: confirm.reference }) : null}
      </Dialog>
    </section>
  );
}

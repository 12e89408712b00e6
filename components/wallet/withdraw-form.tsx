"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { errorForField } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Field, FormError } from "../ui/input";
import { Dialog } from "../ui/sheet";
import { toast } from "../ui/toast";
import { assetName } from "./asset-names";
import { newClientKey } from "./client-key";
import { DestinationList, useDestinationText } from "./destination-list";

// Errors about the amount go under the amount (errorForField); others above the button.
const FIELD_OF: Partial<Record<string, "amount" | "destination">> = { INSUFFICIENT_BALANCE: "amount", WITHDRAWAL_BELOW_MINIMUM: "amount", AMOUNT_OUT_OF_RANGE: "amount", BAD_INPUT: "amount", DESTINATION_NOT_FOUND: "destination" };

/**
 * Cash withdrawal to one of the shopper's payout accounts (default preselected): checked here for the
 * obvious, confirmed naming the account, then sent with this form's one
 * idempotency key, so a double tap or a retry after a timeout makes one request, not two.
 */
export function WithdrawForm() {
  const t = useTranslations("wallet");
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.wallet.overview.queryOptions());
  const request = useMutation(trpc.wallet.requestWithdrawal.mutationOptions());
  const [clientKey, setClientKey] = useState(newClientKey);
  const [amount, setAmount] = useState("");
  const [amountError, setAmountError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmFen, setConfirmFen] = useState<number | null>(null);
  const destinations = useQuery(trpc.wallet.destinations.list.queryOptions());
  // The shopper's pick, else their default (or their only) account.
  const [picked, setPicked] = useState<string | null>(null);
  const destination = destinations.data?.find((d) => d.id === picked) ?? destinations.data?.find((d) => d.isDefault) ?? destinations.data?.[0] ?? null;
  const [destinationError, setDestinationError] = useState<string | null>(null);
  const label = useDestinationText();
  const tp = useTranslations("payoutAccounts");
  // A second tap lands before React re-renders the button as busy; this drops it here. The key
  // still covers what gets past (a retry after a timeout, a second tab).
  const inFlight = useRef(false);

  const cashFen = data?.balances.cash ?? 0;
  const minFen = data?.limits.withdrawalMinFen ?? 0;
  const cashName = data ? assetName(data.displayNames, "cash", locale) : "";

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const fen = parseYuanToFen(amount);
    if (fen === null || fen <= 0) return setAmountError(t("amountInvalid"));
    if (fen < minFen) return setAmountError(t("withdrawBelowMin", { min: formatFen(minFen) }));
    if (fen > cashFen) return setAmountError(t("withdrawOverBalance", { balance: formatFen(cashFen) }));
    setAmountError(null);
    if (!destination) return setDestinationError(t("chooseDestination"));
    setDestinationError(null);
    setConfirmFen(fen);
  }

  async function onConfirm() {
    if (confirmFen === null || !destination || inFlight.current) return;
    inFlight.current = true;
    try {
      await request.mutateAsync({ amountFen: confirmFen, destinationId: destination.id, clientKey });
      toast.success(t("withdrawSubmitted"));
      setConfirmFen(null);
      setAmount("");
      // This form is done: the next withdrawal is a new request with a new key.
      setClientKey(newClientKey());
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.wallet.overview.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.wallet.withdrawals.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.wallet.history.pathKey() }),
      ]);
    } catch (err) {
      const placed = errorForField(err, FIELD_OF, t("networkError"));
      setConfirmFen(null);
      setAmountError(placed.amount ?? null);
      setDestinationError(placed.destination ?? null);
      setFormError(placed.form ?? null);
      // The account was removed meanwhile (on another device): show the list as it is now.
      if (placed.destination) await queryClient.invalidateQueries({ queryKey: trpc.wallet.destinations.list.queryKey() });
    } finally {
      inFlight.current = false;
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <Card className="p-4">
          <div className="mb-4 flex items-baseline justify-between">
            <span className="text-sm text-neutral-500">{t("available", { asset: cashName })}</span>
            <span className="tabular text-lg font-semibold" data-testid="withdraw-available">
              {formatFen(cashFen)}
            </span>
          </div>
          <Field
            label={t("withdrawAmount")}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            prefix="¥"
            placeholder="0.00"
            value={amount}
            onChange={(e) => {
              setAmount(e.target.value);
              setAmountError(null);
            }}
            error={amountError}
            hint={t("withdrawMin", { min: formatFen(minFen) })}
            inputClassName="tabular text-2xl font-semibold"
            maxLength={14}
          />
          <button type="button" className="mt-1 min-h-11 text-sm font-medium text-brand" onClick={() => setAmount(fenToYuanInput(cashFen))}>
            {t("withdrawAll")}
          </button>
        </Card>
        <DestinationList
          title={t("withdrawTo")}
          selected={destination?.id ?? null}
          onSelect={(id) => {
            setPicked(id);
            setDestinationError(null);
          }}
        />
        {destinationError ? (
          <p role="alert" className="-mt-2 px-1 text-sm text-brand">
            {destinationError}
          </p>
        ) : null}
        <p className="px-1 text-xs leading-relaxed text-neutral-500">{t("withdrawNote")}</p>
        <FormError>{formError}</FormError>
        <Button type="submit" size="lg" disabled={!data}>
          {t("withdrawSubmit")}
        </Button>
      </form>
      <Dialog
        open={confirmFen !== null}
        onClose={() => !request.isPending && setConfirmFen(null)}
        title={t("withdrawConfirmTitle", { amount: formatFen(confirmFen ?? 0) })}
        actions={
          <>
            <Button variant="ghost" className="bg-neutral-100" onClick={() => setConfirmFen(null)} disabled={request.isPending}>
              {t("cancel")}
            </Button>
            <Button onClick={onConfirm} loading={request.isPending}>
              {t("confirm")}
            </Button>
          </>
        }
      >
        {destination ? t("withdrawConfirmTo", { destination: label(destination), holder: tp("holder", { name: destination.holderName }) }) : t("withdrawConfirmBody")}
      </Dialog>
    </>
  );
}

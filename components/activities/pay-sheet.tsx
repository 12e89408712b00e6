"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { Sheet } from "../ui/sheet";
import { CardIcon, WalletIcon } from "../ui/icons";
import { ProviderPicker, usePaymentProviders } from "../pay/provider-picker";
import { ItemImage } from "./item-image";
import { useCashJoin } from "./use-cash-join";
import { RewardList } from "./rules-view";
import type { RuleText } from "./rule-text";
import type { RoomItem } from "./types";

export interface JoinedSeat {
  entryId: string;
  groupId: string;
  seat: number;
  filled: boolean;
}

/**
 * The pay sheet: the item, the price, how to pay (cash balance, or the payment gateway: the seat is
 * taken when the capture reaches us), what a win or a loss gives, then confirm. `entryId` is made once
 * when the sheet opens, so a double tap or a retry after a network error is the same join (the server
 * charges once, and opens one payment order). A cash join whose answer is lost is looked up by that
 * id before a retry is offered (useCashJoin): a join that went through shows its seat.
 */
export function PaySheet({
  open,
  onClose,
  activityId,
  item,
  priceFen,
  entryId,
  ruleText,
  onJoined,
}: {
  open: boolean;
  onClose: () => void;
  activityId: string;
  item: RoomItem | undefined;
  priceFen: number;
  entryId: string;
  ruleText: RuleText;
  onJoined: (joined: JoinedSeat) => void;
}) {
  const tj = useTranslations("join");
  const common = useTranslations("common");
  const rules = useTranslations("rules");
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.wallet.overview.queryOptions(), enabled: open });
  const join = useCashJoin({ network: tj("networkError"), notSeated: tj("notSeated"), unchecked: tj("unchecked") });
  const viaGateway = useMutation(trpc.activities.joinWithGateway.mutationOptions());
  const providers = usePaymentProviders(open);
  const [chosen, setChosen] = useState<"cash" | "gateway" | null>(null);
  const [error, setError] = useState<{ message: string; code: string | null } | null>(null);
  // The last answer was lost and no seat was found: the button tries again (the same entry id).
  const [retry, setRetry] = useState(false);

  // While a payment is in flight the sheet stays open (its outcome shows here). Stable for the Sheet's effect.
  const pending = useRef(false);
  pending.current = join.paying || viaGateway.isPending;
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  const closeUnlessPaying = useCallback(() => {
    if (!pending.current) closeRef.current();
  }, []);

  const cash = overview.data?.balances.cash;
  const short = cash !== undefined && cash < priceFen;
  // Cash when it covers the price, else the gateway, unless the shopper picked one.
  const method = chosen ?? (short ? "gateway" : "cash");
  const busy = join.paying || viaGateway.isPending;

  async function confirm() {
    if (!item || busy) return;
    setError(null);
    try {
      if (method === "gateway") {
        const order = await viaGateway.mutateAsync({ activityId, itemId: item.id, entryId, ...(providers.chosen ? { provider: providers.chosen } : {}) });
        window.location.assign(order.payUrl);
        return;
      }
      const outcome = await join.pay({ activityId, itemId: item.id, entryId });
      if ("joined" in outcome) return onJoined(outcome.joined);
      setError(outcome.error);
      setRetry(outcome.retry);
      void overview.refetch();
    } catch (e) {
      setError(readError(e, tj("networkError")));
      void overview.refetch();
    }
  }

  const insufficient = method === "cash" && (short || error?.code === "INSUFFICIENT_BALANCE");
  return (
    <Sheet
      open={open}
      onClose={closeUnlessPaying}
      title={tj("sheetTitle")}
      closeLabel={common("close")}
      footer={
        <div className="flex items-center gap-3">
          <div className="min-w-0 flex-1">
            <p className="text-xs text-neutral-500">{tj("total")}</p>
            <p className="tabular text-xl leading-tight font-semibold text-brand" data-testid="pay-total">
              {formatFen(priceFen)}
            </p>
          </div>
          {insufficient ? (
            <ButtonLink href="/wallet/topup" size="lg" className="!w-auto flex-1">
              {tj("topUp")}
            </ButtonLink>
          ) : (
            <Button size="lg" className="!w-auto flex-1" onClick={confirm} loading={busy} disabled={!item || overview.isPending} data-testid="confirm-join">
              {join.checking ? tj("checking") : retry && method === "cash" ? tj("retry", { amount: formatFen(priceFen) }) : tj(method === "gateway" ? "confirmGateway" : "confirm", { amount: formatFen(priceFen) })}
            </Button>
          )}
        </div>
      }
    >
      <div className="flex flex-col gap-3 px-4 py-3" data-testid="pay-sheet">
        {item ? (
          <div className="flex items-center gap-3">
            <ItemImage src={item.imageUrl} alt={item.name} kind={item.kind} className="size-14 shrink-0 rounded-lg" />
            <div className="min-w-0 flex-1">
              <p className="truncate text-[15px] font-medium text-neutral-900">{item.name}</p>
              <p className="text-xs text-neutral-500">{tj("seatNote")}</p>
            </div>
            <span className="tabular shrink-0 text-[15px] font-semibold">{formatFen(priceFen)}</span>
          </div>
        ) : null}

        <div className="grid gap-2">
          <div className="grid gap-2" role="radiogroup" aria-label={tj("method")}>
            <MethodOption checked={method === "cash"} onSelect={() => setChosen("cash")} icon={<WalletIcon size={20} />} label={tj("payByCash")} testId="method-cash">
              <span className="tabular text-sm text-neutral-600" data-testid="cash-balance">
                {cash === undefined ? "…" : tj("balance", { amount: formatFen(cash) })}
              </span>
            </MethodOption>
            <MethodOption checked={method === "gateway"} onSelect={() => setChosen("gateway")} icon={<CardIcon size={20} />} label={tj("payByGateway")} testId="method-gateway" />
          </div>
          {method === "gateway" ? (
            <>
              <ProviderPicker nested providers={providers.providers} chosen={providers.chosen} onChoose={providers.choose} />
              <p className="px-1 text-xs leading-relaxed text-neutral-500">{tj("gatewayNote")}</p>
            </>
          ) : null}
        </div>

        {insufficient ? (
          <p role="alert" className="rounded-lg bg-brand/5 px-3 py-2.5 text-sm text-brand">
            {error?.code === "INSUFFICIENT_BALANCE" ? error.message : tj("short", { amount: formatFen(priceFen - (cash ?? 0)) })}{" "}
            <Link href="/wallet/topup" className="font-medium underline underline-offset-2">
              {tj("topUpLink")}
            </Link>
          </p>
        ) : error ? (
          <p role="alert" className="rounded-lg bg-brand/5 px-3 py-2.5 text-sm text-brand" data-testid="join-error">
            {error.message}
          </p>
        ) : null}

        <div className="grid gap-2">
          <RewardList title={rules("winTitle")} lines={ruleText.win} tone="win" compact />
          <RewardList title={rules("loseTitle")} lines={ruleText.lose} tone="lose" compact />
        </div>
        <p className="text-[11px] leading-relaxed text-neutral-400">{tj("agree")}</p>
      </div>
    </Sheet>
  );
}

function MethodOption({ checked, onSelect, icon, label, testId, children }: { checked: boolean; onSelect: () => void; icon: React.ReactNode; label: string; testId: string; children?: React.ReactNode }) {
  return (
    <button
      type="button"
      role="radio"
      aria-checked={checked}
      onClick={onSelect}
      data-testid={testId}
      className={`flex min-h-12 w-full items-center gap-3 rounded-xl border px-3 text-left ${checked ? "border-brand/60 bg-brand/[0.03] text-brand" : "border-neutral-200 text-neutral-500"}`}
    >
      <span className="shrink-0">{icon}</span>
      <span className="flex-1 text-sm font-medium text-neutral-800">{label}</span>
      {children}
      <span aria-hidden="true" className={`flex size-4 shrink-0 items-center justify-center rounded-full border ${checked ? "border-brand" : "border-neutral-300"}`}>
        {checked ? <span className="size-2 rounded-full bg-brand" /> : null}
      </span>
    </button>
  );
}

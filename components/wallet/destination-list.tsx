"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { untyped } from "../i18n/dynamic-key";
import { readError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { BankIcon } from "../ui/icons";
import { Dialog } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { DestinationForm } from "./destination-form";
import { destinationText, type MaskedDestinationView } from "./destination-text";

/** "支付宝 138****8000" in the reader's language. */
export function useDestinationText(): (d: MaskedDestinationView) => string {
  const t = useTranslations("payoutAccounts");
  const bank = useTranslations("payoutBanks");
  return (d) => destinationText(d, untyped(t), untyped(bank));
}

/**
 * The shopper's payout accounts (masked). To pick one (the withdraw form: `selected`, `onSelect`), or
 * to manage them (make default, remove); both can add one.
 */
export function DestinationList({ selected, onSelect, manage = false, title }: { selected?: string | null; onSelect?: (id: string) => void; manage?: boolean; title: string }) {
  const t = useTranslations("payoutAccounts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.wallet.destinations.list.queryOptions());
  const remove = useMutation(trpc.wallet.destinations.remove.mutationOptions());
  const setDefault = useMutation(trpc.wallet.destinations.setDefault.mutationOptions());
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<MaskedDestinationView & { id: string } | null>(null);
  const label = useDestinationText();
  const items = list.data ?? [];

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.wallet.destinations.list.queryKey() });
  async function run(p: Promise<unknown>, done: string) {
    try {
      await p;
      toast.success(done);
    } catch (err) {
      toast.error(readError(err, t("networkError")).message);
    } finally {
      await refresh();
    }
  }

  return (
    <Card>
      <div className="flex items-center justify-between px-4 pt-4 pb-1">
        <h2 className="text-[15px] font-semibold">{title}</h2>
        {!manage && items.length > 0 ? (
          <a href="/wallet/payout-accounts" className="flex min-h-11 items-center text-sm text-neutral-500">
            {t("manage")}
          </a>
        ) : null}
      </div>
      {list.isPending ? (
        <div className="flex justify-center py-6 text-neutral-400">
          <Spinner label={t("loading")} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<BankIcon size={26} />} title={t("empty")} description={t("emptyBody")} />
      ) : (
        <ul className="divide-y divide-neutral-100" role={manage ? undefined : "radiogroup"} aria-label={title}>
          {items.map((d) => {
            const checked = selected === d.id;
            const body = (
              <>
                <span className="min-w-0 flex-1">
                  <span className="flex items-center gap-2">
                    <span className="tabular truncate text-[15px] text-neutral-900">{label(d)}</span>
                    {d.isDefault ? <span className="shrink-0 rounded bg-brand/10 px-1.5 text-xs text-brand">{t("default")}</span> : null}
                  </span>
                  <span className="mt-0.5 block text-xs text-neutral-500">{t("holder", { name: d.holderName })}</span>
                </span>
              </>
            );
            return (
              <li key={d.id} data-testid="destination" data-default={d.isDefault || undefined}>
                {manage ? (
                  <div className="flex items-center gap-2 px-4 py-3">
                    {body}
                    {!d.isDefault ? (
                      <Button size="sm" variant="ghost" onClick={() => run(setDefault.mutateAsync({ destinationId: d.id }), t("defaultSet"))}>
                        {t("setDefault")}
                      </Button>
                    ) : null}
                    <Button size="sm" variant="ghost" className="text-brand" onClick={() => setRemoving(d)}>
                      {t("remove")}
                    </Button>
                  </div>
                ) : (
                  <button type="button" role="radio" aria-checked={checked} onClick={() => onSelect?.(d.id)} className="flex min-h-14 w-full items-center gap-3 px-4 py-3 text-left active:bg-neutral-50">
                    <span aria-hidden="true" className={`flex size-5 shrink-0 items-center justify-center rounded-full border-2 ${checked ? "border-brand" : "border-neutral-300"}`}>
                      {checked ? <span className="size-2.5 rounded-full bg-brand" /> : null}
                    </span>
                    {body}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="px-4 pb-3">
        <Button variant="ghost" className="w-full text-brand" onClick={() => setAdding(true)}>
          + {t("add")}
        </Button>
        {manage ? <p className="pb-1 text-xs leading-relaxed text-neutral-500">{t("maskedNote")}</p> : null}
      </div>
      <DestinationForm open={adding} onClose={() => setAdding(false)} onAdded={(id) => onSelect?.(id)} />
      <Dialog
        open={!!removing}
        onClose={() => setRemoving(null)}
        title={removing ? t("removeTitle", { destination: label(removing) }) : ""}
        actions={
          <>
            <Button variant="ghost" className="bg-neutral-100" onClick={() => setRemoving(null)}>
              {t("cancel")}
            </Button>
            <Button
              loading={remove.isPending}
              onClick={async () => {
                if (removing) await run(remove.mutateAsync({ destinationId: removing.id }), t("removed"));
                setRemoving(null);
              }}
            >
              {t("remove")}
            </Button>
          </>
        }
      >
        {t("removeBody")}
      </Dialog>
    </Card>
  );
}

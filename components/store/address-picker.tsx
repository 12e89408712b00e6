"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useTRPC } from "../trpc/react";
import { ChevronRightIcon } from "../ui/icons";
import { Sheet } from "../ui/sheet";
import { AddressForm, AddressLines, type AddressRow } from "./address-form";

/**
 * The address row of checkout / an order: shows the chosen address and opens a sheet to choose
 * another or add one. Picks the default (or first) address when none is chosen yet.
 */
export function AddressPicker({ value, onChange }: { value: string | null; onChange: (id: string) => void }) {
  const t = useTranslations("shop");
  const trpc = useTRPC();
  const list = useQuery(trpc.store.addresses.queryOptions());
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const rows: AddressRow[] = list.data ?? [];
  const chosen = rows.find((a) => a.id === value) ?? null;
  const first = list.data?.[0]?.id;
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);

  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className="flex w-full items-center gap-3 rounded-2xl bg-white p-4 text-left" data-testid="address-picker">
        <span className="min-w-0 flex-1">{chosen ? <AddressLines a={chosen} /> : <span className="text-[15px] text-brand">{list.isPending ? "…" : t("addAddress")}</span>}</span>
        <ChevronRightIcon size={18} className="text-neutral-400" />
      </button>
      <Sheet
        open={open}
        onClose={() => {
          setOpen(false);
          setAdding(false);
        }}
        title={adding ? t("addAddress") : t("chooseAddress")}
        closeLabel={t("close")}
      >
        {adding || rows.length === 0 ? (
          <AddressForm
            onSaved={(a) => {
              onChange(a.id);
              setAdding(false);
              setOpen(false);
            }}
          />
        ) : (
          <div className="flex flex-col gap-2 p-4">
            {rows.map((a) => (
              <button
                key={a.id}
                type="button"
                onClick={() => {
                  onChange(a.id);
                  setOpen(false);
                }}
                className={`rounded-xl border p-3 text-left ${a.id === value ? "border-brand bg-brand/5" : "border-neutral-200"}`}
              >
                <AddressLines a={a} />
                {a.isDefault ? <span className="mt-1 inline-block rounded bg-brand/10 px-1.5 text-[11px] text-brand">{t("defaultTag")}</span> : null}
              </button>
            ))}
            <button type="button" onClick={() => setAdding(true)} className="min-h-11 rounded-xl border border-dashed border-neutral-300 text-sm text-neutral-700">
              + {t("addAddress")}
            </button>
          </div>
        )}
      </Sheet>
    </>
  );
}

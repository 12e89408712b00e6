"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";

export interface AddressRow {
  id: string;
  recipient: string;
  phone: string;
  region: string;
  detail: string;
  isDefault: boolean;
}

/** Add or edit an address; the server validates (phone format, lengths) and its errors show here. */
export function AddressForm({ initial, onSaved }: { initial?: AddressRow; onSaved: (a: AddressRow) => void }) {
  const t = useTranslations("shop");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const save = useMutation(trpc.store.saveAddress.mutationOptions());
  const [v, setV] = useState({ recipient: initial?.recipient ?? "", phone: initial?.phone ?? "", region: initial?.region ?? "", detail: initial?.detail ?? "", isDefault: initial?.isDefault ?? false });
  const [error, setError] = useState<{ code: string | null; message: string } | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const row = await save.mutateAsync({ ...(initial ? { id: initial.id } : {}), ...v });
      await qc.invalidateQueries({ queryKey: trpc.store.addresses.queryKey() });
      onSaved(row);
    } catch (err) {
      setError(readError(err, t("networkError")));
    }
  }
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: e.target.value }));
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3 p-4" noValidate>
      <Field label={t("recipient")} value={v.recipient} onChange={set("recipient")} maxLength={20} required autoComplete="name" />
      <Field label={t("phone")} value={v.phone} onChange={set("phone")} inputMode="tel" maxLength={20} required autoComplete="tel" error={error?.code === "INVALID_PHONE" ? error.message : undefined} />
      <Field label={t("region")} value={v.region} onChange={set("region")} placeholder={t("regionPlaceholder")} maxLength={60} required />
      <Field label={t("detail")} value={v.detail} onChange={set("detail")} placeholder={t("detailPlaceholder")} maxLength={120} required autoComplete="street-address" />
      <label className="flex min-h-11 items-center gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={v.isDefault} onChange={(e) => setV((s) => ({ ...s, isDefault: e.target.checked }))} className="size-5 accent-brand" />
        {t("setDefault")}
      </label>
      <FormError>{error && error.code !== "INVALID_PHONE" ? error.message : null}</FormError>
      <Button type="submit" size="lg" loading={save.isPending}>
        {t("save")}
      </Button>
    </form>
  );
}

export function AddressLines({ a }: { a: Omit<AddressRow, "id" | "isDefault"> }) {
  return (
    <>
      <span className="block text-[15px] font-medium text-neutral-900">
        {a.recipient} <span className="tabular ml-1 font-normal text-neutral-500">{a.phone}</span>
      </span>
      <span className="mt-0.5 block text-sm text-neutral-600">
        {a.region} {a.detail}
      </span>
    </>
  );
}

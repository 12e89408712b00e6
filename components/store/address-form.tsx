"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { ADDRESS_FIELDS, ADDRESS_TEXT, AddressFieldsSchema, type AddressField } from "@/server/domain/store/address-rules";
import { checkFields, useValidationT } from "../errors/check-fields";
import { errorForField } from "../errors/read-error";
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

// Domain errors that belong to one field; a BAD_INPUT naming its field goes there too.
const FIELD_OF: Partial<Record<string, AddressField>> = { INVALID_PHONE: "phone" };

/**
 * Add or edit an address. Empty or too long fields are caught here, by the domain's own rules
 * (address-rules.ts), and each message sits at its field; what the server refuses lands there too.
 */
export function AddressForm({ initial, onSaved }: { initial?: AddressRow; onSaved: (a: AddressRow) => void }) {
  const t = useTranslations("shop");
  const tv = useValidationT();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const save = useMutation(trpc.store.saveAddress.mutationOptions());
  const [v, setV] = useState({ recipient: initial?.recipient ?? "", phone: initial?.phone ?? "", region: initial?.region ?? "", detail: initial?.detail ?? "", isDefault: initial?.isDefault ?? false });
  const [errors, setErrors] = useState<Partial<Record<AddressField | "form", string>>>({});

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local = checkFields(AddressFieldsSchema, v, ADDRESS_FIELDS, tv);
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const row = await save.mutateAsync({ ...(initial ? { id: initial.id } : {}), ...v });
      await qc.invalidateQueries({ queryKey: trpc.store.addresses.queryKey() });
      onSaved(row);
    } catch (err) {
      setErrors(errorForField(err, FIELD_OF, t("networkError"), { fields: ADDRESS_FIELDS, tv }));
    }
  }
  const set = (k: AddressField) => (e: { target: { value: string } }) => {
    setV((s) => ({ ...s, [k]: e.target.value }));
    setErrors(({ [k]: _fixed, ...rest }) => rest);
  };
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3 p-4" noValidate data-testid="address-form">
      <Field label={t("recipient")} value={v.recipient} onChange={set("recipient")} maxLength={ADDRESS_TEXT.recipient.max} required autoComplete="name" error={errors.recipient} />
      <Field label={t("phone")} value={v.phone} onChange={set("phone")} inputMode="tel" maxLength={20} required autoComplete="tel" error={errors.phone} />
      <Field label={t("region")} value={v.region} onChange={set("region")} placeholder={t("regionPlaceholder")} maxLength={ADDRESS_TEXT.region.max} required error={errors.region} />
      <Field label={t("detail")} value={v.detail} onChange={set("detail")} placeholder={t("detailPlaceholder")} maxLength={ADDRESS_TEXT.detail.max} required autoComplete="street-address" error={errors.detail} />
      <label className="flex min-h-11 items-center gap-2 text-sm text-neutral-700">
        <input type="checkbox" checked={v.isDefault} onChange={(e) => setV((s) => ({ ...s, isDefault: e.target.checked }))} className="size-5 accent-brand" />
        {t("setDefault")}
      </label>
      <FormError>{errors.form}</FormError>
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

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { BANK_CODES } from "@/server/domain/payouts/banks";
import { errorForField } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { Sheet } from "../ui/sheet";
import { toast } from "../ui/toast";

type Kind = "alipay" | "bank_card" | "wechat";
type FieldName = "account" | "bankCode" | "holderName";
// The server checks every format; its refusal goes under the field it names.
const FIELD_OF: Record<string, FieldName> = {
  DESTINATION_ALIPAY_INVALID: "account",
  DESTINATION_CARD_INVALID: "account",
  DESTINATION_DUPLICATE: "account",
  DESTINATION_BANK_UNKNOWN: "bankCode",
  DESTINATION_NAME_INVALID: "holderName",
  DESTINATION_WECHAT_SIGN_IN: "account",
  DESTINATION_WECHAT_UNAVAILABLE: "account",
};

/**
 * 添加收款账户: Alipay (mobile number or email), a bank card (bank from the list, number, holder) or, while
 * WeChat payouts are on, the shopper's own WeChat (the openid from WeChat's sign-in: nothing to type but
 * the name; before that sign-in, a link to it), in a bottom sheet.
 */
export function DestinationForm({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded?: (id: string) => void }) {
  const t = useTranslations("payoutAccounts");
  const bank = useTranslations("payoutBanks");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const add = useMutation(trpc.wallet.destinations.add.mutationOptions());
  const wechat = useQuery({ ...trpc.wallet.destinations.wechat.queryOptions(), enabled: open });
  const kinds: Kind[] = wechat.data && wechat.data.status !== "off" ? ["alipay", "wechat", "bank_card"] : ["alipay", "bank_card"];
  const [kind, setKind] = useState<Kind>("alipay");
  const [account, setAccount] = useState("");
  const [bankCode, setBankCode] = useState("");
  const [holderName, setHolderName] = useState("");
  const [makeDefault, setMakeDefault] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<FieldName | "form", string>>>({});

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    try {
      const d = await add.mutateAsync({ kind, account: kind === "wechat" ? "" : account, bankCode: kind === "bank_card" ? bankCode || null : null, holderName, makeDefault });
      toast.success(t("saved"));
      await queryClient.invalidateQueries({ queryKey: trpc.wallet.destinations.list.queryKey() });
      setAccount("");
      setHolderName("");
      onAdded?.(d.id);
      onClose();
    } catch (err) {
      setErrors(errorForField(err, FIELD_OF, t("networkError")));
    }
  }

  return (
    <Sheet open={open} onClose={onClose} title={t("addTitle")} closeLabel={common("close")}>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4 p-4" data-testid="destination-form">
        <div role="radiogroup" aria-label={t("kind")} className={`grid gap-2 ${kinds.length === 3 ? "grid-cols-3" : "grid-cols-2"}`}>
          {kinds.map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={kind === k}
              onClick={() => {
                setKind(k);
                setErrors({});
              }}
              className={`min-h-11 rounded-lg border text-[15px] font-medium ${kind === k ? "border-brand bg-brand/5 text-brand" : "border-neutral-300 text-neutral-700"}`}
            >
              {k === "alipay" ? t("alipay") : k === "wechat" ? t("wechat") : t("bankCard")}
            </button>
          ))}
        </div>
        {kind === "bank_card" ? (
          <div className="flex flex-col gap-1.5">
            <label htmlFor="destination-bank" className="text-sm font-medium text-neutral-700">
              {t("bank")}
            </label>
            <select
              id="destination-bank"
              value={bankCode}
              onChange={(e) => setBankCode(e.target.value)}
              aria-invalid={errors.bankCode ? true : undefined}
              className={`min-h-11 rounded-lg border bg-white px-3 text-[15px] ${errors.bankCode ? "border-brand" : "border-neutral-300"}`}
            >
              <option value="">{t("bankPlaceholder")}</option>
              {BANK_CODES.map((c) => (
                <option key={c} value={c}>
                  {bank(c)}
                </option>
              ))}
            </select>
            {errors.bankCode ? (
              <p role="alert" className="text-sm text-brand">
                {errors.bankCode}
              </p>
            ) : null}
          </div>
        ) : null}
        {kind === "wechat" ? (
          <div className="flex flex-col gap-1.5 rounded-lg bg-neutral-50 p-3 text-[15px]" data-testid="wechat-destination">
            {wechat.data?.status === "ready" ? (
              <>
                <p className="text-neutral-900">{t("wechatReady")}</p>
                <p className="tabular text-sm text-neutral-500">{wechat.data.account}</p>
              </>
            ) : (
              <>
                <p className="text-neutral-700">{t("wechatSignIn")}</p>
                <a href="/api/wechat/oauth/start?next=%2Fwallet%2Fpayout-accounts" className="inline-flex min-h-11 items-center font-medium text-brand">
                  {t("wechatSignInLink")}
                </a>
              </>
            )}
            {errors.account ? (
              <p role="alert" className="text-sm text-brand">
                {errors.account}
              </p>
            ) : null}
          </div>
        ) : null}
        {kind === "wechat" ? null : (
        <Field
          label={kind === "alipay" ? t("alipayAccount") : t("cardNumber")}
          name="account"
          inputMode={kind === "alipay" ? "email" : "numeric"}
          autoComplete="off"
          value={account}
          onChange={(e) => setAccount(e.target.value)}
          hint={kind === "alipay" ? t("alipayHint") : t("cardHint")}
          error={errors.account}
          maxLength={kind === "alipay" ? 100 : 24}
          inputClassName="tabular"
        />
        )}
        <Field label={t("holderName")} name="holderName" autoComplete="name" value={holderName} onChange={(e) => setHolderName(e.target.value)} hint={t("holderHint")} error={errors.holderName} maxLength={30} />
        <label className="flex min-h-11 items-center gap-2 text-[15px] text-neutral-700">
          <input type="checkbox" checked={makeDefault} onChange={(e) => setMakeDefault(e.target.checked)} className="size-5 accent-[#E02E24]" />
          {t("makeDefault")}
        </label>
        <FormError>{errors.form}</FormError>
        <Button type="submit" size="lg" loading={add.isPending} disabled={kind === "wechat" && wechat.data?.status !== "ready"}>
          {t("save")}
        </Button>
      </form>
    </Sheet>
  );
}

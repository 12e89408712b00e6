"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../../errors/read-error";
import { fenToYuanInput, parseYuanToFen } from "../../money/parse-yuan";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { FormError } from "../../ui/input";
import { toast } from "../../ui/toast";
import { CopyField } from "./copy-field";
import { Switch, TextField } from "./form-controls";
import type { NetworkData } from "./types";

export const ADMOB_KEYS_URL = "https://www.gstatic.com/admob/reward/verifier-keys.json";
// Mirrors saveNetworkConfig (server/domain/ads/manage-networks.ts); the server re-checks.
const MAX_REVENUE_FEN = 10_000;
const MIN_SECRET = 8;
const KEY_URL = /^https?:\/\/[^\s]{3,300}$/;

type Errors = Partial<Record<"secret" | "keyUrl" | "revenue" | "form", string>>;

/** One network: on/off, its credential (Pangle's key, write-only; AdMob's key URL), revenue per view, and the callback URL to give it. */
export function NetworkCard({ network, origin, canWrite }: { network: NetworkData; origin: string; canWrite: boolean }) {
  const t = useTranslations("admin.ads.networks");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const save = useMutation(trpc.admin.ads.saveNetwork.mutationOptions());
  const [enabled, setEnabled] = useState(network.enabled);
  const [secret, setSecret] = useState("");
  const [keyUrl, setKeyUrl] = useState(network.keyUrl);
  const [revenue, setRevenue] = useState(fenToYuanInput(network.revenuePerViewFen));
  const [errors, setErrors] = useState<Errors>({});
  const isPangle = network.network === "pangle";
  const disabled = !canWrite;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found: Errors = {};
    const revenueFen = parseYuanToFen(revenue);
    if (revenueFen === null || revenueFen > MAX_REVENUE_FEN) found.revenue = t("revenueRange", { max: fenToYuanInput(MAX_REVENUE_FEN) });
    if (isPangle && secret.trim() && secret.trim().length < MIN_SECRET) found.secret = t("secretShort", { min: MIN_SECRET });
    if (isPangle && enabled && !secret.trim() && !network.secret) found.secret = t("secretNeeded");
    if (!isPangle && keyUrl.trim() && !KEY_URL.test(keyUrl.trim())) found.keyUrl = t("keyUrlInvalid");
    if (!isPangle && enabled && !keyUrl.trim()) found.keyUrl = t("keyUrlNeeded");
    setErrors(found);
    if (Object.keys(found).length > 0 || revenueFen === null) return;
    try {
      await save.mutateAsync({ network: network.network, enabled, secret: isPangle ? secret.trim() : "", keyUrl: isPangle ? "" : keyUrl.trim(), revenuePerViewFen: revenueFen });
      setSecret("");
      toast.success(t("saved", { name: t(`names.${network.network}`) }));
      await qc.invalidateQueries({ queryKey: trpc.admin.ads.networks.queryKey() });
    } catch (err) {
      setErrors({ form: readError(err, tt("networkError")).message });
    }
  }

  return (
    <section className="flex flex-col rounded-lg bg-white shadow-[0_1px_2px_rgba(0,0,0,0.05)]" data-testid={`network-${network.network}`}>
      <div className="flex items-start justify-between gap-4 border-b border-neutral-100 px-5 py-3">
        <div>
          <h2 className="font-semibold">{t(`names.${network.network}`)}</h2>
          <p className="mt-0.5 text-xs text-neutral-500">{t(`verifies.${network.network}`)}</p>
        </div>
        <span className={`mt-0.5 shrink-0 rounded-full px-2 py-0.5 text-xs ${network.enabled ? "bg-emerald-50 text-emerald-700" : "bg-neutral-100 text-neutral-500"}`}>{network.enabled ? t("on") : t("off")}</span>
      </div>
      <form onSubmit={onSubmit} noValidate className="flex flex-1 flex-col gap-4 px-5 py-4">
        <Switch on={enabled} onChange={setEnabled} disabled={disabled} label={t("enabled")} testId={`network-${network.network}-enabled`} />
        {isPangle ? (
          <TextField
            label={t("secret")}
            type="password"
            autoComplete="new-password"
            value={secret}
            disabled={disabled}
            placeholder={network.secret ? t("secretKeep", { masked: network.secret }) : t("secretNone")}
            error={errors.secret}
            hint={t("secretHint")}
            onValue={(v) => {
              setSecret(v);
              setErrors((s) => ({ ...s, secret: undefined }));
            }}
            testId="network-pangle-secret"
          />
        ) : (
          <TextField
            label={t("keyUrl")}
            value={keyUrl}
            disabled={disabled}
            placeholder={ADMOB_KEYS_URL}
            error={errors.keyUrl}
            hint={t("keyUrlHint")}
            onValue={(v) => {
              setKeyUrl(v);
              setErrors((s) => ({ ...s, keyUrl: undefined }));
            }}
            testId="network-admob-keyurl"
          />
        )}
        <TextField
          label={t("revenuePerView")}
          prefix="¥"
          inputMode="decimal"
          value={revenue}
          disabled={disabled}
          error={errors.revenue}
          hint={t("revenueHint")}
          onValue={(v) => {
            setRevenue(v);
            setErrors((s) => ({ ...s, revenue: undefined }));
          }}
          testId={`network-${network.network}-revenue`}
        />
        <CopyField label={t("callbackUrl")} value={`${origin}/api/ads/ssv/${network.network}`} testId={`network-${network.network}-callback`} />
        <FormError>{errors.form}</FormError>
        {canWrite ? (
          <div className="mt-auto flex justify-end border-t border-neutral-100 pt-3">
            <Button type="submit" size="sm" loading={save.isPending}>
              {t("save")}
            </Button>
          </div>
        ) : null}
      </form>
    </section>
  );
}

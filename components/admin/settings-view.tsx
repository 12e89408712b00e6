"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import type { Asset } from "@/db/schema";
import { readError } from "../errors/read-error";
import { formatFen } from "../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { ASSET_ORDER } from "../wallet/asset-names";
import { Panel } from "./table";

type Names = Record<Asset, { "zh-CN": string; en: string }>;
const LANGS = ["zh-CN", "en"] as const;
// Mirrors the server's schema (platform-settings.ts) so mistakes show before saving; the server re-checks.
const NAME_MAX = 12;
const LIMITS = {
  withdrawalMinFen: { min: 100, max: 100_000_00 },
  topupMinFen: { min: 1, max: 100_000 },
  topupMaxFen: { min: 100, max: 5_000_000 },
} as const;
type LimitKey = keyof typeof LIMITS;

function SmallField({ label, hideLabel, value, onChange, error, disabled, prefix, testId }: { label: string; hideLabel?: boolean; value: string; onChange: (v: string) => void; error?: string; disabled: boolean; prefix?: string; testId?: string }) {
  return (
    <label className="flex flex-col gap-1">
      <span className={hideLabel ? "sr-only" : "text-xs font-medium text-neutral-600"}>{label}</span>
      <span className={`flex h-9 items-center rounded-md border bg-white px-2.5 ${error ? "border-brand" : "border-neutral-300 focus-within:border-neutral-500"} ${disabled ? "bg-neutral-50" : ""}`}>
        {prefix ? <span className="mr-1 text-sm text-neutral-400">{prefix}</span> : null}
        <input value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} aria-invalid={!!error || undefined} data-testid={testId} className="tabular h-full w-full min-w-0 bg-transparent text-sm outline-none disabled:text-neutral-500" />
      </span>
      <span className={`min-h-4 text-xs ${error ? "text-brand" : "text-transparent"}`} role={error ? "alert" : undefined}>
        {error ?? "."}
      </span>
    </label>
  );
}

/** Platform settings: the assets' display names in both languages, and the wallet limits (entered in yuan). */
export function SettingsView({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("admin.settings");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const save = useMutation(trpc.admin.updateSetting.mutationOptions());

  const [names, setNames] = useState<Names | null>(null);
  const [nameErrors, setNameErrors] = useState<Record<string, string>>({});
  const [limits, setLimits] = useState<Record<LimitKey, string> | null>(null);
  const [limitErrors, setLimitErrors] = useState<Partial<Record<LimitKey, string>>>({});

  useEffect(() => {
    if (!settings.data) return;
    setNames((n) => n ?? structuredClone(settings.data.displayNames));
    setLimits(
      (l) =>
        l ?? {
          withdrawalMinFen: fenToYuanInput(settings.data.wallet.withdrawalMinFen),
          topupMinFen: fenToYuanInput(settings.data.wallet.topupMinFen),
          topupMaxFen: fenToYuanInput(settings.data.wallet.topupMaxFen),
        },
    );
  }, [settings.data]);

  if (settings.isPending || !names || !limits) {
    return (
      <Panel className="flex justify-center py-16 text-neutral-400">
        <Spinner label={tt("loading")} />
      </Panel>
    );
  }
  if (settings.isError) return <Panel className="p-6 text-sm text-brand">{settings.error.message}</Panel>;

  function validateNames(n: Names) {
    const errs: Record<string, string> = {};
    for (const asset of ASSET_ORDER) {
      for (const lang of LANGS) {
        const v = n[asset][lang].trim();
        if (!v) errs[`${asset}.${lang}`] = t("nameRequired");
        else if (v.length > NAME_MAX) errs[`${asset}.${lang}`] = t("nameTooLong", { max: NAME_MAX });
      }
    }
    return errs;
  }

  function validateLimits(l: Record<LimitKey, string>) {
    const errs: Partial<Record<LimitKey, string>> = {};
    const fen: Partial<Record<LimitKey, number>> = {};
    for (const key of Object.keys(LIMITS) as LimitKey[]) {
      const v = parseYuanToFen(l[key]);
      const { min, max } = LIMITS[key];
      if (v === null) errs[key] = t("amountInvalid");
      else if (v < min || v > max) errs[key] = t("amountRange", { min: formatFen(min), max: formatFen(max) });
      else fen[key] = v;
    }
    if (fen.topupMinFen !== undefined && fen.topupMaxFen !== undefined && fen.topupMinFen > fen.topupMaxFen) errs.topupMaxFen = t("maxBelowMin");
    return { errs, fen };
  }

  async function onSaveNames(e: FormEvent) {
    e.preventDefault();
    if (!names) return;
    const errs = validateNames(names);
    setNameErrors(errs);
    if (Object.keys(errs).length) return;
    const value = Object.fromEntries(ASSET_ORDER.map((a) => [a, { "zh-CN": names[a]["zh-CN"].trim(), en: names[a].en.trim() }]));
    try {
      await save.mutateAsync({ key: "displayNames", value });
      toast.success(t("saved"));
      await queryClient.invalidateQueries({ queryKey: trpc.admin.settings.queryKey() });
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    }
  }

  async function onSaveLimits(e: FormEvent) {
    e.preventDefault();
    if (!limits) return;
    const { errs, fen } = validateLimits(limits);
    setLimitErrors(errs);
    if (Object.keys(errs).length) return;
    try {
      await save.mutateAsync({ key: "wallet", value: fen });
      toast.success(t("saved"));
      await queryClient.invalidateQueries({ queryKey: trpc.admin.settings.queryKey() });
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    }
  }

  const disabled = !canWrite;
  return (
    <div className="flex flex-col gap-4">
      {!canWrite ? <p className="rounded-md bg-amber-50 px-4 py-2.5 text-sm text-amber-800">{t("readOnly")}</p> : null}
      <Panel>
        <form onSubmit={onSaveNames} noValidate>
          <div className="border-b border-neutral-100 px-5 py-4">
            <h2 className="font-semibold">{t("namesTitle")}</h2>
            <p className="mt-0.5 text-sm text-neutral-500">{t("namesBody", { max: NAME_MAX })}</p>
          </div>
          <div className="grid grid-cols-[12rem_1fr_1fr] items-start gap-x-4 gap-y-1 px-5 pt-4">
            <span className="pb-1 text-xs font-medium text-neutral-400">{t("asset")}</span>
            <span className="pb-1 text-xs font-medium text-neutral-400">{t("langZh")}</span>
            <span className="pb-1 text-xs font-medium text-neutral-400">{t("langEn")}</span>
            {ASSET_ORDER.map((asset) => (
              <div key={asset} className="contents">
                <span className="flex h-9 flex-col justify-center">
                  <span className="text-sm text-neutral-800">{t(`assetHelp.${asset}`)}</span>
                  <span className="font-mono text-[11px] text-neutral-400">{asset}</span>
                </span>
                {LANGS.map((lang) => (
                  <SmallField
                    key={lang}
                    hideLabel
                    label={`${t(`assetHelp.${asset}`)} · ${lang === "en" ? t("langEn") : t("langZh")}`}
                    value={names[asset][lang]}
                    disabled={disabled}
                    error={nameErrors[`${asset}.${lang}`]}
                    testId={`name-${asset}-${lang}`}
                    onChange={(v) => {
                      setNames({ ...names, [asset]: { ...names[asset], [lang]: v } });
                      setNameErrors((e) => ({ ...e, [`${asset}.${lang}`]: "" }));
                    }}
                  />
                ))}
              </div>
            ))}
          </div>
          {canWrite ? (
            <div className="flex justify-end border-t border-neutral-100 px-5 py-3">
              <Button type="submit" size="sm" loading={save.isPending && save.variables?.key === "displayNames"}>
                {t("save")}
              </Button>
            </div>
          ) : null}
        </form>
      </Panel>

      <Panel>
        <form onSubmit={onSaveLimits} noValidate>
          <div className="border-b border-neutral-100 px-5 py-4">
            <h2 className="font-semibold">{t("walletTitle")}</h2>
            <p className="mt-0.5 text-sm text-neutral-500">{t("walletBody")}</p>
          </div>
          <div className="grid grid-cols-3 gap-4 px-5 pt-4">
            {(Object.keys(LIMITS) as LimitKey[]).map((key) => (
              <SmallField
                key={key}
                label={t(`limits.${key}`)}
                prefix="¥"
                value={limits[key]}
                disabled={disabled}
                error={limitErrors[key] || undefined}
                testId={`limit-${key}`}
                onChange={(v) => {
                  setLimits({ ...limits, [key]: v });
                  setLimitErrors((e) => ({ ...e, [key]: undefined }));
                }}
              />
            ))}
          </div>
          {canWrite ? (
            <div className="flex justify-end border-t border-neutral-100 px-5 py-3">
              <Button type="submit" size="sm" loading={save.isPending && save.variables?.key === "wallet"}>
                {t("save")}
              </Button>
            </div>
          ) : null}
        </form>
      </Panel>
    </div>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { readError } from "../../errors/read-error";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { Spinner } from "../../ui/spinner";
import { toast } from "../../ui/toast";
import { Panel } from "../table";
import { formFromSettings, LIMIT_KEYS, parseSettingsForm, type AdSettingsForm, type SettingsErrors } from "./ad-settings-form";
import { focusFirstInvalid } from "./focus-first-invalid";
import { TextField } from "./form-controls";
import { TierTable } from "./tier-table";
import type { AdSettingsData } from "./types";

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <Panel>
      <div className="border-b border-neutral-100 px-5 py-3">
        <h2 className="font-semibold">{title}</h2>
        <p className="mt-0.5 text-xs text-neutral-500">{description}</p>
      </div>
      <div className="px-5 py-4">{children}</div>
    </Panel>
  );
}

/** 领取规则: the `ads` setting (views per set, caps, commission, tiers), checked by the server's schema as you type. */
export function RulesView({ canWrite }: { canWrite: boolean }) {
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const settings = useQuery(trpc.admin.ads.settings.queryOptions());
  if (settings.isPending) {
    return (
      <Panel className="flex justify-center py-16 text-neutral-400">
        <Spinner label={tt("loading")} />
      </Panel>
    );
  }
  if (settings.isError) return <Panel className="p-6 text-sm text-brand">{settings.error.message}</Panel>;
  return <RulesForm initial={settings.data} canWrite={canWrite} />;
}

function RulesForm({ initial, canWrite }: { initial: AdSettingsData; canWrite: boolean }) {
  const t = useTranslations("admin.ads.rules");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const save = useMutation(trpc.admin.ads.saveSettings.mutationOptions());
  const [form, setForm] = useState<AdSettingsForm>(() => formFromSettings(initial));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const disabled = !canWrite;

  const message = (path: string): string | null => {
    const e = errors[path];
    return e ? t(`errors.${e.key}`, e.params) : null;
  };
  function edit(next: AdSettingsForm) {
    setForm(next);
    // Errors follow the form once shown, so a fix clears its message as it is typed.
    if (Object.keys(errors).length > 0) setErrors(parseSettingsForm(next).errors);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const { value, errors: found } = parseSettingsForm(form);
    setErrors(found);
    if (!value) return focusFirstInvalid(formRef.current);
    try {
      await save.mutateAsync({ value });
      toast.success(t("saved"));
      await qc.invalidateQueries({ queryKey: trpc.admin.ads.settings.queryKey() });
    } catch (err) {
      toast.error(readError(err, tt("networkError")).message);
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="rules-form">
      <Section title={t("limitsTitle")} description={t("limitsBody")}>
        <div className="grid grid-cols-3 gap-x-4 gap-y-3">
          {LIMIT_KEYS.map((key) => (
            <TextField
              key={key}
              label={t(`limits.${key}`)}
              suffix={t(`units.${key}`)}
              inputMode="numeric"
              value={form.limits[key]}
              disabled={disabled}
              error={message(key)}
              hint={t(`hints.${key}`)}
              onValue={(v) => edit({ ...form, limits: { ...form.limits, [key]: v } })}
              testId={`rule-${key}`}
            />
          ))}
        </div>
      </Section>

      <Section title={t("commissionTitle")} description={t("commissionBody")}>
        <div className="grid grid-cols-3 gap-x-4">
          <TextField label={t("commissionL1")} suffix="%" inputMode="decimal" value={form.commissionL1} disabled={disabled} error={message("commissionL1Bp")} onValue={(v) => edit({ ...form, commissionL1: v })} testId="rule-commissionL1" />
          <TextField label={t("commissionL2")} suffix="%" inputMode="decimal" value={form.commissionL2} disabled={disabled} error={message("commissionL2Bp")} onValue={(v) => edit({ ...form, commissionL2: v })} testId="rule-commissionL2" />
        </div>
      </Section>

      <Section title={t("tiersTitle")} description={t("tiersBody")}>
        <TierTable tiers={form.tiers} viewsPerSet={form.limits.viewsPerSet} errors={errors} disabled={disabled} message={message} onChange={(tiers) => edit({ ...form, tiers })} />
      </Section>

      {canWrite ? (
        <div className="sticky bottom-0 flex items-center justify-end gap-3 rounded-lg bg-white px-5 py-3 shadow-[0_-1px_2px_rgba(0,0,0,0.05)]">
          <span className="text-xs text-neutral-500">{t("appliesFrom")}</span>
          <Button type="submit" size="sm" loading={save.isPending} data-testid="rules-save">
            {t("save")}
          </Button>
        </div>
      ) : null}
    </form>
  );
}

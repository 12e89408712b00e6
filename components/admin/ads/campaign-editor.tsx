"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { readError } from "../../errors/read-error";
import { formatFen } from "../../money/format-fen";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { FormError } from "../../ui/input";
import { Sheet } from "../../ui/sheet";
import { toast } from "../../ui/toast";
import { formFromCampaign, NAME_MAX, newCampaignForm, parseCampaignForm, type CampaignErrors, type CampaignField, type CampaignForm } from "./campaign-form";
import { CreativeField } from "./creative-field";
import { focusFirstInvalid } from "./focus-first-invalid";
import { SelectField, Switch, TextField } from "./form-controls";
import type { AdvertiserRow, CampaignRow } from "./types";

/** The create / edit drawer of a campaign, with inline validation and the server's refusals at their field. */
export function CampaignEditor({ campaign, advertisers, onClose }: { campaign: CampaignRow | null; advertisers: readonly AdvertiserRow[]; onClose: () => void }) {
  const t = useTranslations("admin.ads.campaigns");
  const tt = useTranslations("admin.table");
  const common = useTranslations("common");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const save = useMutation(trpc.admin.ads.saveCampaign.mutationOptions());
  const [form, setForm] = useState<CampaignForm>(() => (campaign ? formFromCampaign(campaign) : newCampaignForm(new Date(), advertisers[0]?.id ?? "")));
  const [errors, setErrors] = useState<CampaignErrors>({});
  const [serverError, setServerError] = useState<{ field: CampaignField | null; message: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const committedFen = campaign?.committedFen ?? 0;

  function set<K extends keyof CampaignForm>(key: K, value: CampaignForm[K], field: CampaignField) {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setServerError((s) => (s?.field === field ? null : s));
  }
  const err = (field: CampaignField): string | null => {
    if (serverError?.field === field) return serverError.message;
    const e = errors[field];
    return e ? t(`errors.${e.key}`, e.params) : null;
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setServerError(null);
    const { input, errors: found } = parseCampaignForm(form, committedFen);
    setErrors(found);
    if (!input) return focusFirstInvalid(formRef.current);
    try {
      await save.mutateAsync(campaign ? { ...input, id: campaign.id } : input);
      toast.success(campaign ? t("saved") : t("created", { name: input.name }));
      await qc.invalidateQueries({ queryKey: trpc.admin.ads.pathKey() });
      onClose();
    } catch (error) {
      const shown = readError(error, tt("networkError"));
      // The price is checked here exactly as the server does: an amount it refuses is the budget (views committed meanwhile).
      setServerError({ field: shown.code === "AMOUNT_OUT_OF_RANGE" ? "budget" : null, message: shown.message });
      focusFirstInvalid(formRef.current);
    }
  }

  return (
    <Sheet open onClose={onClose} side="right" width="max-w-2xl" title={campaign ? t("edit") : t("new")} closeLabel={common("close")}>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-4 p-5" data-testid="campaign-form">
        <div className="grid grid-cols-2 gap-3">
          <SelectField label={t("advertiser")} value={form.advertiserId} onValue={(v) => set("advertiserId", v, "advertiserId")} error={err("advertiserId")} disabled={!!campaign} hint={campaign ? t("advertiserFixed") : undefined}>
            {advertisers.length === 0 ? <option value="">{t("noAdvertisers")}</option> : null}
            {advertisers.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t("name")} value={form.name} onValue={(v) => set("name", v, "name")} error={err("name")} maxLength={NAME_MAX} testId="campaign-name" />
        </div>

        <CreativeField value={form.creative} onChange={(c) => set("creative", c, "creative")} error={err("creative")} />

        <div className="grid grid-cols-3 gap-3">
          <TextField label={t("duration")} suffix={t("seconds")} inputMode="numeric" value={form.duration} onValue={(v) => set("duration", v, "duration")} error={err("duration")} testId="campaign-duration" />
          <TextField label={t("pricePerView")} prefix="¥" inputMode="decimal" value={form.price} onValue={(v) => set("price", v, "price")} error={err("price")} hint={t("pricePerViewHint")} testId="campaign-price" />
          <TextField
            label={t("budget")}
            prefix="¥"
            inputMode="decimal"
            value={form.budget}
            onValue={(v) => set("budget", v, "budget")}
            error={err("budget")}
            hint={campaign ? t("budgetFloor", { committed: formatFen(committedFen) }) : t("budgetHint")}
            testId="campaign-budget"
          />
        </div>
        {campaign ? (
          <p className="tabular -mt-1 rounded-md bg-neutral-50 px-3 py-2 text-xs text-neutral-600">
            {t("spendLine", { spent: formatFen(campaign.spentFen), committed: formatFen(campaign.committedFen), remaining: formatFen(campaign.budgetFen - campaign.committedFen) })}
          </p>
        ) : null}

        <div className="grid grid-cols-2 gap-3">
          <TextField label={t("startsAt")} type="datetime-local" value={form.startsAt} onValue={(v) => set("startsAt", v, "startsAt")} error={err("startsAt")} hint={t("timezoneHint")} testId="campaign-starts" />
          <TextField label={t("endsAt")} type="datetime-local" value={form.endsAt} onValue={(v) => set("endsAt", v, "endsAt")} error={err("endsAt")} hint={t("endsAtHint")} testId="campaign-ends" />
        </div>

        <Switch on={form.active} onChange={(on) => setForm((f) => ({ ...f, active: on }))} label={t("activeSwitch")} testId="campaign-active" />

        <FormError>{serverError && !serverError.field ? serverError.message : null}</FormError>
        <div className="flex justify-end gap-2 border-t border-neutral-100 pt-4">
          <Button variant="neutral" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="campaign-save">
            {campaign ? t("save") : t("create")}
          </Button>
        </div>
      </form>
    </Sheet>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import { useValidationT } from "../errors/check-fields";
import { errorForField } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { toast } from "../ui/toast";
import { Panel } from "./table";

type Form = { points: string; l1: string; l2: string; holdDays: string; pendingMinutes: string; maxUnpaid: string };

/** Basis points ↔ a percent with up to two decimals, by digits (no float near a ratio that moves money). */
function bpToPercent(bp: number): string {
  return `${Math.floor(bp / 100)}${bp % 100 ? `.${String(bp % 100).padStart(2, "0").replace(/0$/, "")}` : ""}`;
}
function percentToBp(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}

const STORE_FIELDS = ["points", "l1", "l2", "holdDays", "pendingMinutes", "maxUnpaid"] as const;

/** Store economics (spec §6): mall points per yuan, L1/L2 commission ratios, the hold period, gateway payment window. */
export function StoreSettingsPanel({ canWrite }: { canWrite: boolean }) {
  const t = useTranslations("admin.storeSettings");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.admin.settings.queryOptions());
  const save = useMutation(trpc.admin.updateSetting.mutationOptions());
  const tv = useValidationT();
  const [v, setV] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof Form | "form", string>>>({});
  useEffect(() => {
    const s = settings.data?.store;
    if (!s) return;
    setV((cur) => cur ?? { points: bpToPercent(s.mallPointsPerYuanBp), l1: bpToPercent(s.commissionL1Bp), l2: bpToPercent(s.commissionL2Bp), holdDays: String(s.commissionHoldDays), pendingMinutes: String(s.pendingPaymentMinutes), maxUnpaid: String(s.maxUnpaidOrders) });
  }, [settings.data]);
  if (!v) return null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!v) return;
    const pointsPct = percentToBp(v.points);
    const l1 = percentToBp(v.l1);
    const l2 = percentToBp(v.l2);
    // Each field that does not read as a number says so at the field.
    const wrong = (bad: boolean) => (bad ? t("invalid") : undefined);
    const local = Object.fromEntries(
      Object.entries({ points: wrong(pointsPct === null), l1: wrong(l1 === null), l2: wrong(l2 === null), holdDays: wrong(!/^\d+$/.test(v.holdDays)), pendingMinutes: wrong(!/^\d+$/.test(v.pendingMinutes)), maxUnpaid: wrong(!/^\d+$/.test(v.maxUnpaid)) }).filter(([, m]) => m),
    );
    setErrors(local);
    if (pointsPct === null || l1 === null || l2 === null || Object.keys(local).length) return;
    try {
      await save.mutateAsync({ key: "store", value: { mallPointsPerYuanBp: pointsPct, commissionL1Bp: l1, commissionL2Bp: l2, commissionHoldDays: Number(v.holdDays), pendingPaymentMinutes: Number(v.pendingMinutes), maxUnpaidOrders: Number(v.maxUnpaid) } });
      toast.success(t("saved"));
      await qc.invalidateQueries({ queryKey: trpc.admin.settings.queryKey() });
    } catch (err) {
      setErrors(errorForField(err, {}, tt("networkError"), { fields: STORE_FIELDS, tv }));
    }
  }
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setV((s) => (s ? { ...s, [k]: e.target.value } : s));
  return (
    <Panel className="mt-4 p-5">
      <h2 className="text-base font-semibold">{t("title")}</h2>
      <p className="mt-1 text-sm text-neutral-500">{t("description")}</p>
      <form onSubmit={onSubmit} className="mt-4 grid grid-cols-6 items-start gap-4" noValidate>
        <Field label={t("points")} hint={t("pointsHint")} value={v.points} onChange={set("points")} disabled={!canWrite} inputMode="decimal" error={errors.points} />
        <Field label={t("l1")} hint="%" value={v.l1} onChange={set("l1")} disabled={!canWrite} inputMode="decimal" error={errors.l1} />
        <Field label={t("l2")} hint="%" value={v.l2} onChange={set("l2")} disabled={!canWrite} inputMode="decimal" error={errors.l2} />
        <Field label={t("holdDays")} value={v.holdDays} onChange={set("holdDays")} disabled={!canWrite} inputMode="numeric" error={errors.holdDays} />
        <Field label={t("pendingMinutes")} value={v.pendingMinutes} onChange={set("pendingMinutes")} disabled={!canWrite} inputMode="numeric" error={errors.pendingMinutes} />
        <Field label={t("maxUnpaid")} value={v.maxUnpaid} onChange={set("maxUnpaid")} disabled={!canWrite} inputMode="numeric" error={errors.maxUnpaid} />
        <div className="col-span-6 flex items-center gap-3">
          {canWrite ? (
            <Button type="submit" loading={save.isPending}>
              {t("save")}
            </Button>
          ) : null}
          <FormError>{errors.form}</FormError>
        </div>
      </form>
    </Panel>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import { PRIZE_CAP_FEN } from "@/server/domain/shared/activity-config";
import { applyRatioBp, pointsPerYuan } from "@/server/domain/shared/money";
import { DEFAULT_ASSUMPTIONS, EconomicsInputSchema, type EconomicsAssumptions } from "@/server/domain/activities/economics-preview";
import { readError } from "../errors/read-error";
import { formatFen, formatPoints } from "../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../money/parse-yuan";
import { useTRPC } from "../trpc/react";
import { Button, ButtonLink } from "../ui/button";
import { toast } from "../ui/toast";
import { ActivityEconomics } from "./activity-economics";
import { bpToPercentInput, RULE_KEYS, validateActivityForm, type ActivityForm, type FieldError, type ItemForm, type ReferralForm, type RewardCode } from "./activity-form";
import { ActivityProjection } from "./activity-projection";
import { ProductPicker, type ItemProduct } from "./product-picker";
import { Panel } from "./table";
import { Switch } from "../ui/switch";

const WINNER_REWARDS: RewardCode[] = ["WA", "WB", "WC", "WD", "WE", "WF"];
const LOSER_REWARDS: RewardCode[] = ["LA", "LB", "LC"];
const POINT_REWARDS = new Set<RewardCode>(["WB", "WF", "LC"]);

export interface OpenGroupInfo {
  number: number;
  seatsTaken: number;
  groupSize: number;
}

function Field({ label, hint, error, children, className = "" }: { label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode; className?: string }) {
  return (
    <label className={`flex flex-col gap-1 ${className}`}>
      <span className="text-xs font-medium text-neutral-600">{label}</span>
      {children}
      {error ? (
        <span className="text-xs text-brand" role="alert">
          {error}
        </span>
      ) : hint ? (
        <span className="text-xs text-neutral-400">{hint}</span>
      ) : null}
    </label>
  );
}

function TextInput({ value, onChange, error, disabled, prefix, suffix, testId, type = "text", className = "", placeholder }: { value: string; onChange: (v: string) => void; error?: boolean; disabled?: boolean; prefix?: string; suffix?: string; testId?: string; type?: string; className?: string; placeholder?: string }) {
  return (
    <span className={`flex h-9 items-center rounded-md border px-2.5 ${error ? "border-brand" : "border-neutral-300 focus-within:border-neutral-500"} ${disabled ? "bg-neutral-50" : "bg-white"} ${className}`}>
      {prefix ? <span className="mr-1 text-sm text-neutral-400">{prefix}</span> : null}
      <input
        type={type}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-invalid={error || undefined}
        data-testid={testId}
        className="tabular h-full w-full min-w-0 bg-transparent text-sm outline-none disabled:text-neutral-500"
      />
      {suffix ? <span className="ml-1 text-sm whitespace-nowrap text-neutral-400">{suffix}</span> : null}
    </span>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Panel>
      <div className="border-b border-neutral-100 px-5 py-3">
        <h2 className="font-semibold">{title}</h2>
        {description ? <p className="mt-0.5 text-xs text-neutral-500">{description}</p> : null}
      </div>
      <div className="px-5 py-4">{children}</div>
    </Panel>
  );
}

/** The assumptions behind the preview, as text the operator edits (%, ¥); a value that does not parse counts as its default. */
function useAssumptions() {
  const [text, setText] = useState({
    productCost: bpToPercentInput(DEFAULT_ASSUMPTIONS.productCostBp),
    creditHeld: fenToYuanInput(DEFAULT_ASSUMPTIONS.creditHeldFen),
    mallPointValue: fenToYuanInput(DEFAULT_ASSUMPTIONS.mallPointValueFen),
    divPointValue: fenToYuanInput(DEFAULT_ASSUMPTIONS.divPointValueFen),
  });
  const read = (value: string, max: number): number | null => {
    const v = parseYuanToFen(value);
    return v === null || v > max ? null : v;
  };
  const productCostBp = read(text.productCost, 10_000);
  const creditHeldFen = read(text.creditHeld, 1_000_000_000);
  const mallPointValueFen = read(text.mallPointValue, 10_000);
  const divPointValueFen = read(text.divPointValue, 10_000);
  const assumptions = useMemo<EconomicsAssumptions>(
    () => ({
      productCostBp: productCostBp ?? DEFAULT_ASSUMPTIONS.productCostBp,
      creditHeldFen: creditHeldFen ?? DEFAULT_ASSUMPTIONS.creditHeldFen,
      mallPointValueFen: mallPointValueFen ?? DEFAULT_ASSUMPTIONS.mallPointValueFen,
      divPointValueFen: divPointValueFen ?? DEFAULT_ASSUMPTIONS.divPointValueFen,
    }),
    [productCostBp, creditHeldFen, mallPointValueFen, divPointValueFen],
  );
  const invalid = { productCost: productCostBp === null, creditHeld: creditHeldFen === null, mallPointValue: mallPointValueFen === null, divPointValue: divPointValueFen === null };
  return { text, setText, invalid, assumptions };
}

/**
 * Create or edit an activity: every setting, with inline validation by the server's own schema,
 * and the economics of one full group beside the form, recomputed on every keystroke.
 */
export function ActivityEditor({ activityId, initial, openGroup, outdated, canWrite, ended }: { activityId: string | null; initial: ActivityForm; openGroup: OpenGroupInfo | null; outdated: boolean; canWrite: boolean; ended: boolean }) {
  const t = useTranslations("admin.activityEditor");
  const te = useTranslations("admin.economics");
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState<ActivityForm>(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  // What the server refused at a field (an unknown product: `items.1.productId`), until that field changes.
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();
  // A saved activity must show in the list (and its detail) at once, not after the cache goes stale.
  const refreshActivities = () => queryClient.invalidateQueries({ queryKey: trpc.admin.activities.pathKey() });
  const create = useMutation(trpc.admin.activities.create.mutationOptions({ onSuccess: refreshActivities }));
  const update = useMutation(trpc.admin.activities.update.mutationOptions({ onSuccess: refreshActivities }));
  const saving = create.isPending || update.isPending;
  const readOnly = !canWrite || ended;
  const { text: assumeText, setText: setAssumeText, invalid: assumeInvalid, assumptions } = useAssumptions();

  const { candidate, errors, ok } = useMemo(() => validateActivityForm(form), [form]);
  const economicsInput = useMemo(() => {
    const r = EconomicsInputSchema.safeParse({ priceFen: candidate.priceFen, groupSize: candidate.groupSize, winners: candidate.winners, config: candidate.config, itemKinds: form.items.map((i) => i.kind) });
    return r.success ? r.data : null;
  }, [candidate, form.items]);

  // The blanks of a new form are not mistakes yet: they show once edited or after a save attempt.
  const [initialErrors] = useState(() => new Set(Object.keys(validateActivityForm(initial).errors)));
  const errorText = (e: FieldError): string => {
    if (e.key === "priceCap") return t("errors.priceCap", { max: formatFen(PRIZE_CAP_FEN) });
    if (e.key === "amountMax") return t("errors.amountMax", { max: formatFen(Number(e.params?.maxFen ?? 0)) });
    // Keys come from zod issues (K_NOT_LESS_THAN_N, min, …): an unknown one reads as a generic error.
    const dynamic = t as unknown as { has(key: string): boolean; (key: string, params?: Record<string, string | number>): string };
    return dynamic.has(`errors.${e.key}`) ? dynamic(`errors.${e.key}`, e.params) : t("errors.invalid");
  };
  const err = (path: string): string | undefined => {
    const e = errors[path];
    if (!e) return serverErrors[path];
    return showErrors || touched[path] || !initialErrors.has(path) ? errorText(e) : undefined;
  };

  function set(path: string, apply: (f: ActivityForm) => ActivityForm) {
    setForm((f) => apply(structuredClone(f)));
    setTouched((tch) => (tch[path] ? tch : { ...tch, [path]: true }));
    setServerErrors((se) => (path in se ? Object.fromEntries(Object.entries(se).filter(([k]) => k !== path)) : se));
  }
  const setItem = (i: number, patch: Partial<ItemForm>, path = `items.${i}.name`) =>
    set(path, (f) => {
      const item = f.items[i];
      // A changed item becomes a new one on save (its id goes), so entries keep the prize they chose.
      // A new kind is a new item: it no longer stands for the product (nor shows its photo).
      const newKind = !!patch.kind && patch.kind !== item?.kind;
      if (item) f.items[i] = { ...item, ...patch, ...(newKind ? { id: undefined, productId: null, product: null, imageUrl: null } : {}) };
      return f;
    });
  // A picked product is what the item stands for: its photo shows (the item's own image goes), and
  // an unnamed item takes the product's name (cut to the item's 60 characters).
  const pickProduct = (i: number, product: ItemProduct | null) => {
    const item = form.items[i];
    const name = item && !item.name.trim() && product ? [...product.name].slice(0, 60).join("") : undefined;
    setItem(i, { productId: product?.id ?? null, product, imageUrl: null, ...(name !== undefined ? { name } : {}) }, `items.${i}.productId`);
  };
  const setReferral = (level: "L1" | "L2", patch: Partial<ReferralForm>) =>
    set(`config.referral.${level}.${patch.mode ? "mode" : patch.amount !== undefined ? "amountFen" : patch.ratio !== undefined ? "ratioBp" : "on"}`, (f) => {
      f.referral[level] = { ...f.referral[level], ...patch };
      return f;
    });

  async function onSave(e: FormEvent) {
    e.preventDefault();
    setShowErrors(true);
    if (!ok || readOnly || saving) {
      if (!ok) toast.error(t("fixErrors"));
      return;
    }
    try {
      if (activityId) {
        await update.mutateAsync({ activityId, activity: candidate });
        toast.success(openGroup ? t("saved", { next: openGroup.number + 1 }) : t("savedNoGroup"));
        router.refresh();
      } else {
        const { id } = await create.mutateAsync({ activity: candidate });
        toast.success(t("created", { name: form.name.trim() }));
        router.push(`/admin/activities/${id}`);
      }
    } catch (error) {
      const shown = readError(error, t("networkError"));
      if (shown.field?.startsWith("items.")) setServerErrors({ [shown.field]: shown.message });
      toast.error(shown.message);
    }
  }

  const P = parseYuanToFen(form.price);
  const perPerson = (code: RewardCode): string | null => {
    const bp = parseYuanToFen(form.rewards[code].ratio);
    if (P === null || bp === null || code === "WA") return null;
    return POINT_REWARDS.has(code) ? t("rewards.eachPoints", { points: formatPoints(pointsPerYuan(P, bp)) }) : t("rewards.each", { amount: formatFen(applyRatioBp(P, bp)) });
  };

  const rewardRow = (code: RewardCode) => (
    <div key={code} className="grid grid-cols-[3rem_1fr_2.5rem_7.5rem_7rem] items-start gap-3 border-b border-neutral-50 py-2 last:border-0">
      <span className="pt-1.5 font-mono text-xs font-semibold text-neutral-500">{code.replace(/^(.)(.)$/, "$1-$2")}</span>
      <span className="pt-1 text-[13px] leading-snug text-neutral-700">{t(`rewards.${code}`)}</span>
      <span className="pt-1.5">
        <Switch on={form.rewards[code].on} disabled={readOnly} label={`${code} ${t("rewards.on")}`} testId={`reward-${code}-on`} onChange={(on) => set(`config.rewards.${code}.on`, (f) => ((f.rewards[code].on = on), f))} />
      </span>
      {code === "WA" ? (
        <span />
      ) : (
        <div className="flex flex-col gap-0.5">
          <TextInput value={form.rewards[code].ratio} suffix="%" disabled={readOnly || !form.rewards[code].on} error={!!err(`config.rewards.${code}.ratioBp`)} testId={`reward-${code}-ratio`} onChange={(v) => set(`config.rewards.${code}.ratioBp`, (f) => ((f.rewards[code].ratio = v), f))} />
          {err(`config.rewards.${code}.ratioBp`) ? (
            <span className="text-xs text-brand" role="alert">
              {err(`config.rewards.${code}.ratioBp`)}
            </span>
          ) : null}
        </div>
      )}
      <span className="tabular pt-2 text-right text-xs text-neutral-400">{form.rewards[code].on ? perPerson(code) : null}</span>
    </div>
  );

  return (
    <form onSubmit={onSave} noValidate className="flex flex-col gap-4">
      {ended ? <p className="rounded-md bg-neutral-100 px-4 py-2.5 text-sm text-neutral-700">{t("endedNotice")}</p> : !canWrite ? <p className="rounded-md bg-amber-50 px-4 py-2.5 text-sm text-amber-800">{t("readOnly")}</p> : null}
      {openGroup && !ended ? (
        <p className="rounded-md bg-blue-50 px-4 py-2.5 text-sm text-blue-800" data-testid="open-group-notice">
          {t("openGroupNotice", { number: openGroup.number, taken: openGroup.seatsTaken, size: openGroup.groupSize, next: openGroup.number + 1 })}
          {outdated ? ` ${t("outdatedNotice")}` : null}
        </p>
      ) : null}

      <div className="grid grid-cols-[minmax(0,1fr)_440px] items-start gap-4">
        <div className="flex min-w-0 flex-col gap-4">
          <Section title={t("sections.basics")}>
            <div className="grid grid-cols-6 gap-x-4 gap-y-3">
              <Field label={t("fields.name")} error={err("name")} className="col-span-4">
                <TextInput value={form.name} disabled={readOnly} error={!!err("name")} testId="activity-name" placeholder={t("fields.namePlaceholder")} onChange={(v) => set("name", (f) => ((f.name = v), f))} />
              </Field>
              <Field label={t("fields.price")} hint={t("fields.priceHint")} error={err("priceFen")} className="col-span-2">
                <TextInput value={form.price} prefix="¥" disabled={readOnly} error={!!err("priceFen")} testId="activity-price" placeholder="99.00" onChange={(v) => set("priceFen", (f) => ((f.price = v), f))} />
              </Field>
              <Field label={t("fields.groupSize")} error={err("groupSize")} className="col-span-2">
                <TextInput value={form.groupSize} suffix={t("fields.people")} disabled={readOnly} error={!!err("groupSize")} testId="activity-n" onChange={(v) => set("groupSize", (f) => ((f.groupSize = v), f))} />
              </Field>
              <Field label={t("fields.winners")} error={err("winners")} className="col-span-2">
                <TextInput value={form.winners} suffix={t("fields.people")} disabled={readOnly} error={!!err("winners")} testId="activity-k" onChange={(v) => set("winners", (f) => ((f.winners = v), f))} />
              </Field>
              <Field label={t("fields.seatsPerUser")} error={err("config.seatsPerUser")} className="col-span-2">
                <TextInput value={form.seatsPerUser} suffix={t("fields.seats")} disabled={readOnly} error={!!err("config.seatsPerUser")} onChange={(v) => set("config.seatsPerUser", (f) => ((f.seatsPerUser = v), f))} />
              </Field>
              <Field label={t("fields.timeout")} hint={t("fields.timeoutHint")} error={err("config.timeoutSeconds")} className="col-span-2">
                <TextInput value={form.timeoutHours} suffix={t("fields.hours")} disabled={readOnly} error={!!err("config.timeoutSeconds")} onChange={(v) => set("config.timeoutSeconds", (f) => ((f.timeoutHours = v), f))} />
              </Field>
              <Field label={t("fields.opensAt")} hint={t("fields.scheduleHint")} error={err("opensAt")} className="col-span-2">
                <TextInput type="datetime-local" value={form.opensAt} disabled={readOnly} error={!!err("opensAt")} onChange={(v) => set("opensAt", (f) => ((f.opensAt = v), f))} />
              </Field>
              <Field label={t("fields.closesAt")} hint={t("fields.closesAtHint")} error={err("closesAt")} className="col-span-2">
                <TextInput type="datetime-local" value={form.closesAt} disabled={readOnly} error={!!err("closesAt")} onChange={(v) => set("closesAt", (f) => ((f.closesAt = v), f))} />
              </Field>
            </div>
          </Section>

          <Section title={t("sections.items")} description={t("items.hint")}>
            <div className="flex flex-col gap-2">
              {form.items.map((item, i) => (
                <div key={i} className="grid grid-cols-[1.5rem_8.5rem_1fr_auto] items-start gap-3" data-testid="activity-item">
                  <span className="pt-2 text-xs text-neutral-400 tabular">{i + 1}</span>
                  <select
                    aria-label={t("items.kind")}
                    value={item.kind}
                    disabled={readOnly}
                    onChange={(e) => setItem(i, { kind: e.target.value as ItemForm["kind"] })}
                    className="h-9 rounded-md border border-neutral-300 bg-white px-2 text-sm disabled:bg-neutral-50"
                  >
                    <option value="product">{t("items.product")}</option>
                    <option value="voucher">{t("items.voucher")}</option>
                  </select>
                  <div className="flex min-w-0 flex-col gap-2">
                    <div className="flex flex-col gap-1">
                      <TextInput value={item.name} disabled={readOnly} error={!!err(`items.${i}.name`)} testId={`item-name-${i}`} placeholder={item.kind === "voucher" ? t("items.voucherPlaceholder") : t("items.productPlaceholder")} onChange={(v) => setItem(i, { name: v })} />
                      {err(`items.${i}.name`) ? (
                        <span className="text-xs text-brand" role="alert">
                          {err(`items.${i}.name`)}
                        </span>
                      ) : null}
                    </div>
                    {item.kind === "product" ? <ProductPicker index={i} value={item.product ?? null} disabled={readOnly} error={err(`items.${i}.productId`)} onChange={(p) => pickProduct(i, p)} /> : null}
                  </div>
                  <Button size="sm" variant="ghost" disabled={readOnly || form.items.length <= 1} onClick={() => set("items", (f) => ((f.items = f.items.filter((_, j) => j !== i)), f))}>
                    {t("items.remove")}
                  </Button>
                </div>
              ))}
              {err("items") ? (
                <p className="text-xs text-brand" role="alert">
                  {err("items")}
                </p>
              ) : null}
              <div className="flex items-center gap-3 pt-1">
                <Button size="sm" variant="neutral" disabled={readOnly || form.items.length >= 10} onClick={() => set("items", (f) => ((f.items = [...f.items, { kind: "product", name: "" }]), f))}>
                  {t("items.add")}
                </Button>
                <span className="text-xs text-neutral-400 tabular">{t("items.count", { n: form.items.length })}</span>
              </div>
            </div>
          </Section>

          <Section title={t("sections.rewards")} description={t("rewards.hint")}>
            <h3 className="text-xs font-medium text-neutral-500">{t("rewards.winner")}</h3>
            {WINNER_REWARDS.map(rewardRow)}
            <h3 className="mt-3 text-xs font-medium text-neutral-500">{t("rewards.loser")}</h3>
            <div className="grid grid-cols-[3rem_1fr_2.5rem_7.5rem_7rem] items-start gap-3 border-b border-neutral-50 py-2">
              <span className="pt-0.5 font-mono text-xs font-semibold text-neutral-500">L-0</span>
              <span className="text-[13px] text-neutral-700">{t("rewards.L0")}</span>
            </div>
            {LOSER_REWARDS.map(rewardRow)}
          </Section>

          <Section title={t("sections.referral")} description={t("referral.hint")}>
            {(["L1", "L2"] as const).map((level) => {
              const r = form.referral[level];
              const path = `config.referral.${level}.${r.mode === "fixed" ? "amountFen" : "ratioBp"}`;
              return (
                <div key={level} className="grid grid-cols-[6rem_2.5rem_12rem_1fr] items-start gap-3 py-2">
                  <span className="pt-2 text-sm text-neutral-700">{t(`referral.${level}`)}</span>
                  <span className="pt-2">
                    <Switch on={r.on} disabled={readOnly} label={`${t(`referral.${level}`)} ${t("rewards.on")}`} onChange={(on) => setReferral(level, { on })} />
                  </span>
                  <div role="radiogroup" aria-label={t("referral.mode")} className="flex h-9 overflow-hidden rounded-md border border-neutral-300 text-sm">
                    {(["ratio", "fixed"] as const).map((mode) => (
                      <button
                        key={mode}
                        type="button"
                        role="radio"
                        aria-checked={r.mode === mode}
                        disabled={readOnly || !r.on}
                        onClick={() => setReferral(level, { mode })}
                        className={`flex-1 px-2 ${r.mode === mode ? "bg-brand/10 font-medium text-brand" : "bg-white text-neutral-600"} disabled:opacity-60`}
                      >
                        {t(`referral.${mode}`)}
                      </button>
                    ))}
                  </div>
                  <div className="flex max-w-56 flex-col gap-1">
                    {r.mode === "fixed" ? (
                      <TextInput value={r.amount} prefix="¥" disabled={readOnly || !r.on} error={!!err(path)} onChange={(amount) => setReferral(level, { amount })} />
                    ) : (
                      <TextInput value={r.ratio} suffix={t("referral.ofBalance")} disabled={readOnly || !r.on} error={!!err(path)} onChange={(ratio) => setReferral(level, { ratio })} />
                    )}
                    {err(path) ? (
                      <span className="text-xs text-brand" role="alert">
                        {err(path)}
                      </span>
                    ) : null}
                  </div>
                </div>
              );
            })}
          </Section>

          <Section title={t("sections.rules")} description={t("rules.hint")}>
            {RULE_KEYS.map((key) => {
              const rule = form.rules[key];
              const counts = (["x", "y", "z"] as const).filter((c) => c in rule);
              return (
                <div key={key} className="flex items-start gap-3 border-b border-neutral-50 py-2.5 last:border-0">
                  <span className="pt-0.5">
                    <Switch on={rule.on} disabled={readOnly} label={t(`rules.${key}`)} testId={`rule-${key}`} onChange={(on) => set(`config.rules.${key}.on`, (f) => ((f.rules[key].on = on), f))} />
                  </span>
                  <div className="min-w-0 flex-1">
                    <p className="text-[13px] text-neutral-800">{t(`rules.${key}`)}</p>
                    {counts.length ? (
                      <div className="mt-2 flex flex-wrap gap-3">
                        {counts.map((c) => {
                          const path = `config.rules.${key}.${c}`;
                          const value = (rule as Record<string, string | boolean>)[c] as string;
                          return (
                            <div key={c} className="flex w-32 flex-col gap-1">
                              <TextInput
                                value={value}
                                prefix={c.toUpperCase()}
                                suffix={t("rules.times")}
                                disabled={readOnly || !rule.on}
                                error={!!err(path)}
                                onChange={(v) => set(path, (f) => (((f.rules[key] as Record<string, string | boolean>)[c] = v), f))}
                              />
                              {err(path) ? (
                                <span className="text-xs text-brand" role="alert">
                                  {err(path)}
                                </span>
                              ) : null}
                            </div>
                          );
                        })}
                      </div>
                    ) : null}
                  </div>
                </div>
              );
            })}
            <h3 className="mt-4 mb-2 text-xs font-medium text-neutral-500">{t("sections.conflict")}</h3>
            <div role="radiogroup" aria-label={t("sections.conflict")} className="flex flex-col gap-2">
              {(["random", "dissolve"] as const).map((policy) => (
                <label key={policy} className={`flex cursor-pointer items-start gap-2.5 rounded-md border px-3 py-2 text-[13px] ${form.conflictPolicy === policy ? "border-brand/60 bg-brand/5" : "border-neutral-200"}`}>
                  <input type="radio" name="conflictPolicy" className="mt-0.5 accent-[#E02E24]" checked={form.conflictPolicy === policy} disabled={readOnly} onChange={() => set("config.conflictPolicy", (f) => ((f.conflictPolicy = policy), f))} />
                  <span>
                    <span className="font-medium">{t(`conflict.${policy}Title`)}</span>
                    <span className="text-neutral-600">：{t(`conflict.${policy}`)}</span>
                  </span>
                </label>
              ))}
            </div>
          </Section>

          <div className="sticky bottom-0 z-10 -mx-1 flex items-center justify-end gap-3 rounded-lg border border-neutral-200 bg-white/95 px-5 py-3 shadow-[0_-2px_8px_rgba(0,0,0,0.04)] backdrop-blur">
            {showErrors && !ok ? <span className="mr-auto text-sm text-brand">{t("fixErrors")}</span> : null}
            <ButtonLink href="/admin/activities" size="sm" variant="neutral">
              {t("back")}
            </ButtonLink>
            {!readOnly ? (
              <Button type="submit" size="sm" loading={saving} data-testid="activity-save">
                {activityId ? t("save") : t("create")}
              </Button>
            ) : null}
          </div>
        </div>

        <aside className="sticky top-20 flex max-h-[calc(100dvh-6rem)] flex-col gap-4 overflow-y-auto pb-2" aria-label={te("title")}>
          <div data-testid="economics">
            <ActivityEconomics input={economicsInput} assumptions={assumptions} />
          </div>
          <Panel className="p-4">
            <h2 className="text-sm font-semibold">{te("assumptionsTitle")}</h2>
            <div className="mt-2 grid grid-cols-2 gap-x-3 gap-y-2">
              {(
                [
                  ["productCost", "%"],
                  ["creditHeld", "¥"],
                  ["mallPointValue", "¥"],
                  ["divPointValue", "¥"],
                ] as const
              ).map(([key, unit]) => (
                <label key={key} className="flex flex-col gap-1">
                  <span className="text-[11px] text-neutral-500">{te(key)}</span>
                  <TextInput value={assumeText[key]} prefix={unit === "¥" ? "¥" : undefined} suffix={unit === "%" ? "%" : undefined} error={assumeInvalid[key]} testId={`assume-${key}`} onChange={(v) => setAssumeText((a) => ({ ...a, [key]: v }))} />
                </label>
              ))}
            </div>
            <p className="mt-2 text-[11px] leading-snug text-neutral-400">{te("assumptionsHint")}</p>
          </Panel>
          <ActivityProjection input={economicsInput} assumptions={assumptions} />
        </aside>
      </div>
    </form>
  );
}

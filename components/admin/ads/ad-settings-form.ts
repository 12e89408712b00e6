import { AdSettingsSchema, AdTierSchema, type AdSettings } from "@/server/domain/ads/ad-settings";
import { formatFen } from "../../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../../money/parse-yuan";
import { bpToPercentInput, percentInputToBp } from "../../money/percent-bp";

/*
 * The rules editor's form: numbers as typed, read digit by digit (yuan → fen, % → basis points, never
 * through a float), then checked by the server's own AdSettingsSchema, so an error lands at its field
 * (keyed by the schema path, "tiers.1.pointsCost") before anything is saved.
 */

export const LIMIT_KEYS = ["viewsPerSet", "setsPerUserPerDay", "setsPerDevicePerDay", "viewSessionsPerIpPerHour", "viewGraceSeconds", "setIdleMinutes"] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];
export const MAX_TIERS = 10;

export interface TierForm {
  /** A stable React key for the row (rows are added and removed). */
  rowId: number;
  minPoints: string;
  reward: string;
  pointsCost: string;
}

export interface AdSettingsForm {
  limits: Record<LimitKey, string>;
  commissionL1: string;
  commissionL2: string;
  tiers: TierForm[];
}

export type SettingsErrorKey = "intInvalid" | "percentInvalid" | "amountInvalid" | "range" | "tierAscending" | "costAboveMin";
export interface SettingsFieldError {
  key: SettingsErrorKey;
  params?: Record<string, string | number>;
}
export type SettingsErrors = Record<string, SettingsFieldError>;

let nextRowId = 1;
export function newTierRow(minPoints = "", reward = "", pointsCost = ""): TierForm {
  return { rowId: nextRowId++, minPoints, reward, pointsCost };
}

export function formFromSettings(s: AdSettings): AdSettingsForm {
  return {
    limits: Object.fromEntries(LIMIT_KEYS.map((k) => [k, String(s[k])])) as Record<LimitKey, string>,
    commissionL1: bpToPercentInput(s.commissionL1Bp),
    commissionL2: bpToPercentInput(s.commissionL2Bp),
    tiers: s.tiers.map((tier) => newTierRow(String(tier.minPoints), fenToYuanInput(tier.rewardFen), String(tier.pointsCost))),
  };
}

type Kind = "int" | "bp" | "fen";
const KIND: Record<string, Kind> = { commissionL1Bp: "bp", commissionL2Bp: "bp", rewardFen: "fen" };

/** A field's bounds in the schema, shown in the unit the operator types (points, %, ¥). */
function rangeParams(field: string): { min: string; max: string } {
  const tierShape = AdTierSchema.shape as Record<string, { minValue: number | null; maxValue: number | null }>;
  const topShape = AdSettingsSchema.shape as unknown as Record<string, { minValue?: number | null; maxValue?: number | null }>;
  const schema = tierShape[field] ?? topShape[field];
  const show = (n: number | null | undefined) => {
    if (n === null || n === undefined) return "";
    const kind = KIND[field] ?? "int";
    return kind === "bp" ? `${bpToPercentInput(n)}%` : kind === "fen" ? formatFen(n) : n.toLocaleString("en-US");
  };
  return { min: show(schema?.minValue), max: show(schema?.maxValue) };
}

/** The settings to save, or the errors by schema path. */
export function parseSettingsForm(form: AdSettingsForm): { value: AdSettings | null; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const int = (path: string, text: string): number => {
    if (/^\s*\d{1,9}\s*$/.test(text)) return Number(text);
    errors[path] = { key: "intInvalid" };
    return Number.NaN;
  };
  const bp = (path: string, text: string): number => {
    const v = percentInputToBp(text);
    if (v === null) errors[path] = { key: "percentInvalid" };
    return v ?? Number.NaN;
  };
  const fen = (path: string, text: string): number => {
    const v = parseYuanToFen(text);
    if (v === null) errors[path] = { key: "amountInvalid" };
    return v ?? Number.NaN;
  };
  const candidate = {
    ...(Object.fromEntries(LIMIT_KEYS.map((k) => [k, int(k, form.limits[k])])) as Record<LimitKey, number>),
    commissionL1Bp: bp("commissionL1Bp", form.commissionL1),
    commissionL2Bp: bp("commissionL2Bp", form.commissionL2),
    tiers: form.tiers.map((tier, i) => ({
      minPoints: int(`tiers.${i}.minPoints`, tier.minPoints),
      rewardFen: fen(`tiers.${i}.rewardFen`, tier.reward),
      pointsCost: int(`tiers.${i}.pointsCost`, tier.pointsCost),
    })),
  };
  const parsed = AdSettingsSchema.safeParse(candidate);
  if (parsed.success && Object.keys(errors).length === 0) return { value: parsed.data, errors };
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const path = issue.path.join(".");
    // A field that did not parse already says so; the schema's "not a number" would only repeat it.
    if (errors[path]) continue;
    const field = String(issue.path[issue.path.length - 1] ?? "");
    if (issue.code === "custom") errors[path] = { key: issue.message === "ascending" ? "tierAscending" : "costAboveMin" };
    else errors[path] = { key: "range", params: rangeParams(field) };
  }
  return { value: null, errors };
}

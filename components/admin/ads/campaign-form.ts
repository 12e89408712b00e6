import type { CreativeType } from "@/db/schema";
import { formatFen } from "../../money/format-fen";
import { fenToYuanInput, parseYuanToFen } from "../../money/parse-yuan";
import { fromLocalInput, toLocalInput } from "../business-datetime";
import type { CampaignInput, CampaignRow } from "./types";

/*
 * The campaign drawer's form: text as typed, parsed by reading digits (yuan → fen through
 * parseYuanToFen, never a float) and checked against the same limits as saveCampaign
 * (server/domain/ads/manage-campaigns.ts), so a mistake shows at its field before saving. The server
 * re-checks; its one check the form cannot make for sure (the budget under what views committed
 * meanwhile) comes back as AMOUNT_OUT_OF_RANGE and is shown at the budget.
 */

export const NAME_MAX = 60;
export const DURATION_RANGE = { min: 5, max: 120 } as const;
/** MAX_PRICE_PER_VIEW_FEN on the server: ¥100 a view. */
export const MAX_PRICE_PER_VIEW_FEN = 10_000;
/** MAX_AMOUNT_FEN on the server: ¥10,000,000. */
export const MAX_BUDGET_FEN = 1_000_000_000;

export interface Creative {
  url: string;
  type: CreativeType;
}

export interface CampaignForm {
  advertiserId: string;
  name: string;
  creative: Creative | null;
  duration: string;
  price: string;
  budget: string;
  startsAt: string;
  endsAt: string;
  active: boolean;
}

export type CampaignField = "advertiserId" | "name" | "creative" | "duration" | "price" | "budget" | "startsAt" | "endsAt";
export type CampaignErrorKey =
  | "advertiserRequired"
  | "nameRequired"
  | "nameTooLong"
  | "creativeRequired"
  | "durationRange"
  | "amountInvalid"
  | "priceRange"
  | "budgetBelowPrice"
  | "budgetBelowCommitted"
  | "budgetTooLarge"
  | "dateInvalid"
  | "endBeforeStart";
export interface CampaignFieldError {
  key: CampaignErrorKey;
  params?: Record<string, string | number>;
}
export type CampaignErrors = Partial<Record<CampaignField, CampaignFieldError>>;

export function newCampaignForm(now: Date, advertiserId: string): CampaignForm {
  return { advertiserId, name: "", creative: null, duration: "30", price: "", budget: "", startsAt: toLocalInput(now), endsAt: "", active: true };
}

export function formFromCampaign(c: CampaignRow): CampaignForm {
  return {
    advertiserId: c.advertiserId,
    name: c.name,
    creative: { url: c.creativeUrl, type: c.creativeType },
    duration: String(c.durationSeconds),
    price: fenToYuanInput(c.pricePerViewFen),
    budget: fenToYuanInput(c.budgetFen),
    startsAt: toLocalInput(c.startsAt),
    endsAt: c.endsAt ? toLocalInput(c.endsAt) : "",
    active: c.active,
  };
}

/** The save input, or the errors by field. `committedFen` is what the campaign's views hold now (0 for a new one). */
export function parseCampaignForm(form: CampaignForm, committedFen: number): { input: Omit<CampaignInput, "id"> | null; errors: CampaignErrors } {
  const errors: CampaignErrors = {};
  if (!form.advertiserId) errors.advertiserId = { key: "advertiserRequired" };
  const name = form.name.trim();
  if (!name) errors.name = { key: "nameRequired" };
  else if (name.length > NAME_MAX) errors.name = { key: "nameTooLong", params: { max: NAME_MAX } };
  if (!form.creative) errors.creative = { key: "creativeRequired" };

  const duration = /^\s*\d{1,3}\s*$/.test(form.duration) ? Number(form.duration) : Number.NaN;
  if (!(duration >= DURATION_RANGE.min && duration <= DURATION_RANGE.max)) errors.duration = { key: "durationRange", params: DURATION_RANGE };

  const price = parseYuanToFen(form.price);
  const priceOk = price !== null && price >= 1 && price <= MAX_PRICE_PER_VIEW_FEN;
  if (price === null) errors.price = { key: "amountInvalid" };
  else if (!priceOk) errors.price = { key: "priceRange", params: { min: formatFen(1), max: formatFen(MAX_PRICE_PER_VIEW_FEN) } };

  const budget = parseYuanToFen(form.budget);
  if (budget === null) errors.budget = { key: "amountInvalid" };
  else if (budget > MAX_BUDGET_FEN) errors.budget = { key: "budgetTooLarge", params: { max: formatFen(MAX_BUDGET_FEN) } };
  else if (committedFen > 0 && budget < committedFen) errors.budget = { key: "budgetBelowCommitted", params: { min: formatFen(committedFen) } };
  else if (priceOk && budget < price) errors.budget = { key: "budgetBelowPrice", params: { min: formatFen(price) } };
  else if (budget < 1) errors.budget = { key: "amountInvalid" };

  const startsAt = fromLocalInput(form.startsAt);
  if (!startsAt) errors.startsAt = { key: "dateInvalid" };
  const endsAt = form.endsAt ? fromLocalInput(form.endsAt) : null;
  if (form.endsAt && !endsAt) errors.endsAt = { key: "dateInvalid" };
  else if (startsAt && endsAt && endsAt <= startsAt) errors.endsAt = { key: "endBeforeStart" };

  if (Object.keys(errors).length > 0 || !form.creative || price === null || budget === null || !startsAt) return { input: null, errors };
  return {
    input: { advertiserId: form.advertiserId, name, creativeUrl: form.creative.url, durationSeconds: duration, pricePerViewFen: price, budgetFen: budget, startsAt, endsAt, active: form.active },
    errors,
  };
}

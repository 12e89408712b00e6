import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adCampaigns, advertisers, CREATIVE_TYPES, type CreativeType } from "@/db/schema";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { cleanText } from "../shared/clean-text";
import { DomainError, pgConstraint } from "../shared/errors";
import { assertAmountFen, fenToYuanText, MAX_AMOUNT_FEN } from "../shared/money";

export interface CampaignInput {
  id?: string;
  advertiserId: string;
  name: string;
  creativeUrl: string;
  durationSeconds: number;
  pricePerViewFen: number;
  budgetFen: number;
  startsAt: Date;
  endsAt: Date | null;
  active: boolean;
}

/** The most one view may cost an advertiser (¥100): a typo guard. */
export const MAX_PRICE_PER_VIEW_FEN = 10_000;
/** A stored creative's URL (media storage), whose extension is its checked type. */
const CREATIVE_URL = /^\/api\/images\/[a-f0-9-]{36}\.(mp4|webm|png|jpg)$/;

/** The type of a stored creative, from its URL; anything not stored by our upload is refused. */
export function creativeTypeOf(url: string): CreativeType {
  const m = CREATIVE_URL.exec(url);
  const type = m?.[1] as CreativeType | undefined;
  if (!type || !CREATIVE_TYPES.includes(type)) throw new DomainError("BAD_INPUT", { field: "creativeUrl" });
  return type;
}

/**
 * Creates or edits a direct campaign (operator): creative, duration (5–120 s), price per completed
 * view, budget cap (never below what its views have already reserved or spent), schedule, on/off.
 * Audited with before and after. A change applies to views opened from then on.
 */
export async function saveCampaign(tx: DbOrTx, clock: Clock, actor: Actor, input: CampaignInput): Promise<{ id: string }> {
  const name = cleanText(input.name, { min: 1, max: 60 }, "name");
  const creativeType = creativeTypeOf(input.creativeUrl);
  if (!Number.isInteger(input.durationSeconds) || input.durationSeconds < 5 || input.durationSeconds > 120) throw new DomainError("BAD_INPUT", { field: "durationSeconds" });
  assertAmountFen(input.pricePerViewFen, "pricePerViewFen");
  if (input.pricePerViewFen > MAX_PRICE_PER_VIEW_FEN) throw new DomainError("AMOUNT_OUT_OF_RANGE", { field: "pricePerViewFen", min: "0.01", max: fenToYuanText(MAX_PRICE_PER_VIEW_FEN) });
  assertAmountFen(input.budgetFen, "budgetFen");
  if (input.budgetFen < input.pricePerViewFen) throw new DomainError("AMOUNT_OUT_OF_RANGE", { field: "budgetFen", min: fenToYuanText(input.pricePerViewFen), max: fenToYuanText(MAX_AMOUNT_FEN) });
  if (input.endsAt && input.endsAt <= input.startsAt) throw new DomainError("BAD_INPUT", { field: "endsAt" });
  const [advertiser] = await tx.select({ id: advertisers.id }).from(advertisers).where(eq(advertisers.id, input.advertiserId));
  if (!advertiser) throw new DomainError("NOT_FOUND");

  const now = clock.now();
  const values = { advertiserId: input.advertiserId, name, creativeUrl: input.creativeUrl, creativeType, durationSeconds: input.durationSeconds, pricePerViewFen: input.pricePerViewFen, budgetFen: input.budgetFen, startsAt: input.startsAt, endsAt: input.endsAt, active: input.active, updatedAt: now };
  if (!input.id) {
    const [row] = await tx.insert(adCampaigns).values({ ...values, createdAt: now }).returning({ id: adCampaigns.id });
    if (!row) throw new DomainError("INTERNAL");
    await recordAudit(tx, clock, actor, { action: "ads.campaign.create", targetType: "ad_campaign", targetId: row.id, after: values });
    return row;
  }
  const [before] = await tx.select().from(adCampaigns).where(eq(adCampaigns.id, input.id)).for("update");
  if (!before) throw new DomainError("NOT_FOUND");
  if (before.advertiserId !== input.advertiserId) throw new DomainError("BAD_INPUT", { field: "advertiserId" });
  if (input.budgetFen < before.committedFen) throw new DomainError("AMOUNT_OUT_OF_RANGE", { field: "budgetFen", min: fenToYuanText(before.committedFen), max: fenToYuanText(MAX_AMOUNT_FEN) });
  try {
    await tx.transaction((sp) => sp.update(adCampaigns).set(values).where(eq(adCampaigns.id, input.id as string)));
  } catch (e) {
    if (pgConstraint(e) === "ad_campaigns_within_budget") throw new DomainError("AMOUNT_OUT_OF_RANGE", { field: "budgetFen", min: fenToYuanText(before.committedFen), max: fenToYuanText(MAX_AMOUNT_FEN) });
    throw e;
  }
  const { committedFen: _c, createdAt: _a, id: _i, ...was } = before;
  await recordAudit(tx, clock, actor, { action: "ads.campaign.update", targetType: "ad_campaign", targetId: input.id, before: was, after: values });
  return { id: input.id };
}

import "server-only";
import { and, asc, desc, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, products, users } from "@/db/schema";
import { maskName } from "../users/mask-name";
import { findReferrer } from "../auth/sign-up";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";

export type PosterItemKind = "activity" | "product";
export interface PosterItem {
  kind: PosterItemKind;
  id: string;
  name: string;
  priceFen: number;
  /** Of an activity: "N 人团 · K 人中". */
  groupSize: number | null;
  winners: number | null;
}

/** What a share poster shows: whose invitation (masked: a poster is seen by strangers), the code, and an item. */
export interface PosterSubject {
  inviter: string;
  code: string;
  item: PosterItem | null;
}

const CHOICES_PER_KIND = 10;

function runningActivities(clock: Clock) {
  const now = clock.now();
  return and(eq(activities.status, "active"), lte(activities.opensAt, now), or(isNull(activities.closesAt), gt(activities.closesAt, now)));
}
const activityColumns = { id: activities.id, name: activities.name, priceFen: activities.priceFen, groupSize: activities.groupSize, winners: activities.winners };
const productColumns = { id: products.id, name: products.name, priceFen: products.priceFen };

/** The items a promoter may put on a poster: running activities and products on sale, newest first. */
export async function listPosterChoices(tx: DbOrTx, clock: Clock): Promise<PosterItem[]> {
  const [acts, prods] = await Promise.all([
    tx.select(activityColumns).from(activities).where(runningActivities(clock)).orderBy(desc(activities.opensAt), asc(activities.id)).limit(CHOICES_PER_KIND),
    tx.select(productColumns).from(products).where(eq(products.onSale, true)).orderBy(desc(products.createdAt), asc(products.id)).limit(CHOICES_PER_KIND),
  ]);
  return [...acts.map((a) => ({ kind: "activity" as const, ...a })), ...prods.map((p) => ({ kind: "product" as const, ...p, groupSize: null, winners: null }))];
}

/** One activity (running) or product (on sale) for a poster or a link preview; NOT_FOUND otherwise. */
export async function readPosterItem(tx: DbOrTx, clock: Clock, kind: PosterItemKind, id: string): Promise<PosterItem> {
  if (kind === "activity") {
    const [a] = await tx.select(activityColumns).from(activities).where(and(eq(activities.id, id), runningActivities(clock)));
    if (a) return { kind, ...a };
  } else {
    const [p] = await tx.select(productColumns).from(products).where(and(eq(products.id, id), eq(products.onSale, true)));
    if (p) return { kind, ...p, groupSize: null, winners: null };
  }
  throw new DomainError("NOT_FOUND");
}

/**
 * The poster of the invitation `code` (a code that could bind a sign-up, else UNKNOWN_REFERRAL_CODE): the inviter's masked name (never the full name, whoever asks),
 * and the chosen item (`null`: none), else the first of the choices, else none.
 */
export async function readPosterSubject(tx: DbOrTx, clock: Clock, input: { code: string; item?: { kind: PosterItemKind; id: string } | null }): Promise<PosterSubject> {
  const inviterId = await findReferrer(tx, input.code);
  const [inviter] = await tx.select({ name: users.displayName, code: users.referralCode }).from(users).where(eq(users.id, inviterId));
  if (!inviter) throw new DomainError("UNKNOWN_REFERRAL_CODE");
  const item =
    input.item === null ? null : input.item ? await readPosterItem(tx, clock, input.item.kind, input.item.id) : ((await listPosterChoices(tx, clock))[0] ?? null);
  return { inviter: maskName(inviter.name), code: inviter.code, item };
}

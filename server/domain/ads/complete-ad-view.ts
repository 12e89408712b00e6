import "server-only";
import { timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adViews } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { finishAdView, type AdViewOutcome } from "./finish-ad-view";
import { releaseAdView, type AdViewRow } from "./release-ad-view";
import { lockAdShopper } from "./ad-shopper";

/** A view of this shopper with this nonce, or NOT_FOUND (someone else's view looks like no view at all). */
async function ownView(tx: DbOrTx, input: { userId: string; viewId: string; nonce: string }): Promise<AdViewRow> {
  const [view] = await tx.select().from(adViews).where(eq(adViews.id, input.viewId));
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  if (!view || view.userId !== input.userId || !same(view.nonce, input.nonce)) throw new DomainError("NOT_FOUND");
  return view;
}

/** The player reports a view it showed to the end. A network's view completes only by its callback. */
export async function completeAdView(tx: DbOrTx, clock: Clock, input: { userId: string; viewId: string; nonce: string }): Promise<AdViewOutcome> {
  const view = await ownView(tx, input);
  if (view.network) throw new DomainError("AD_VIEW_NOT_OPEN");
  return finishAdView(tx, clock, view);
}

/** The shopper closed the ad before its end: that view is forfeited (its reservation returns); the set goes on. */
export async function closeAdView(tx: DbOrTx, clock: Clock, input: { userId: string; viewId: string; nonce: string }): Promise<{ closed: boolean }> {
  await lockAdShopper(tx, input.userId);
  const view = await ownView(tx, input);
  const [locked] = await tx.select().from(adViews).where(eq(adViews.id, view.id)).for("update");
  if (!locked || locked.status !== "open") throw new DomainError("AD_VIEW_NOT_OPEN");
  return { closed: await releaseAdView(tx, clock, locked, "forfeited") };
}

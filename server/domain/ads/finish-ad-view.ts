import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adNetworks, adSets, adViews } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { postTransfers, type TransferInput } from "../ledger";
import { readSetting } from "../settings/platform-settings";
import { lockAdShopper } from "./ad-shopper";
import { payAdSetReward, type AdSetReward } from "./pay-ad-set-reward";
import type { AdViewRow } from "./release-ad-view";
import { currentAdSet } from "./start-ad-set";
import { viewExpired } from "./view-expiry";

export interface AdViewOutcome {
  viewsDone: number;
  viewsRequired: number;
  /** Set when this view completed the set: what it paid. */
  reward: AdSetReward | null;
}

/**
 * Counts a view as completed — the player's report after the full duration on the server's clock,
 * or a network's verified callback — and, when it is the set's last, pays the set. Whoever calls has
 * matched the view's owner and nonce. The advertiser's reservation becomes ad revenue (a network
 * view books what the network owes us). Refused, with nothing changed: a view no longer open, one
 * reported before its end, a set no longer in progress (e.g. idle past the setting), a frozen shopper.
 */
export async function finishAdView(tx: DbOrTx, clock: Clock, view: AdViewRow): Promise<AdViewOutcome> {
  await lockAdShopper(tx, view.userId);
  const settings = await readSetting(tx, "ads");
  const now = clock.now();
  const set = await currentAdSet(tx, clock, view.userId, settings.setIdleMinutes);
  if (view.status !== "open") throw new DomainError("AD_VIEW_NOT_OPEN");
  if (!set || set.id !== view.setId) throw new DomainError("AD_SET_NOT_OPEN");
  if (now < view.completesAt) throw new DomainError("AD_VIEW_TOO_EARLY", { seconds: Math.ceil((view.completesAt.getTime() - now.getTime()) / 1000) });
  // Past its grace a view is over (the job returns its reservation); a network's callback must come within it too.
  if (viewExpired(view, settings.viewGraceSeconds, now)) throw new DomainError("AD_VIEW_NOT_OPEN");

  const [done] = await tx.update(adViews).set({ status: "completed", closedAt: now }).where(and(eq(adViews.id, view.id), eq(adViews.status, "open"))).returning({ id: adViews.id });
  if (!done) throw new DomainError("AD_VIEW_NOT_OPEN");
  const ref = { type: "ad_view", id: view.id };
  const revenue: TransferInput[] = [];
  if (view.campaignId && view.priceFen > 0) {
    revenue.push({ key: `ads:view:${view.id}:revenue`, asset: "cash", from: { platform: "ad_reserved" }, to: { platform: "ad_revenue" }, amount: view.priceFen, reason: "ads.view.revenue", ref });
  } else if (view.network) {
    const [network] = await tx.select({ revenueFen: adNetworks.revenuePerViewFen }).from(adNetworks).where(eq(adNetworks.network, view.network));
    if (network && network.revenueFen > 0) {
      revenue.push({ key: `ads:view:${view.id}:revenue`, asset: "cash", from: { platform: "ad_network_receivable" }, to: { platform: "ad_revenue" }, amount: network.revenueFen, reason: "ads.network.revenue", ref });
      await tx.update(adViews).set({ priceFen: network.revenueFen }).where(eq(adViews.id, view.id));
    }
  }
  await postTransfers(tx, clock, revenue);

  const [updated] = await tx
    .update(adSets)
    .set({ viewsDone: sql`${adSets.viewsDone} + 1`, lastActivityAt: now })
    .where(eq(adSets.id, set.id))
    .returning();
  if (!updated) throw new DomainError("AD_SET_NOT_OPEN");
  const reward = updated.viewsDone >= updated.viewsRequired ? await payAdSetReward(tx, clock, settings, updated) : null;
  return { viewsDone: updated.viewsDone, viewsRequired: updated.viewsRequired, reward };
}

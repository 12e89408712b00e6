import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adCampaigns, adViews } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { postTransfers } from "../ledger";

export type AdViewRow = typeof adViews.$inferSelect;

/**
 * Ends an open view that did not complete (closed by the shopper, or left past its grace): its
 * reservation goes back to the campaign's budget cap and to the advertiser's budget account. Returns
 * false when the view was no longer open (someone else ended it first): nothing moves twice.
 */
export async function releaseAdView(tx: DbOrTx, clock: Clock, view: AdViewRow, status: "forfeited" | "expired"): Promise<boolean> {
  const [ended] = await tx
    .update(adViews)
    .set({ status, closedAt: clock.now() })
    .where(and(eq(adViews.id, view.id), eq(adViews.status, "open")))
    .returning({ id: adViews.id });
  if (!ended || !view.campaignId || view.priceFen === 0) return Boolean(ended);
  const [campaign] = await tx
    .update(adCampaigns)
    .set({ committedFen: sql`${adCampaigns.committedFen} - ${view.priceFen}` })
    .where(eq(adCampaigns.id, view.campaignId))
    .returning({ advertiserId: adCampaigns.advertiserId });
  if (!campaign) return true;
  await postTransfers(tx, clock, [
    { key: `ads:view:${view.id}:release`, asset: "cash", from: { platform: "ad_reserved" }, to: { advertiserId: campaign.advertiserId }, amount: view.priceFen, reason: "ads.view.release", ref: { type: "ad_view", id: view.id } },
  ]);
  return true;
}

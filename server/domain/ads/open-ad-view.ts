import "server-only";
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adCampaigns, adNetworks, advertisers, adViews, type CreativeType } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError, isDomainError } from "../shared/errors";
import { postTransfers } from "../ledger";
import { readSetting } from "../settings/platform-settings";
import { viewsFromIpSince } from "./ad-counts";
import { lockAdShopper } from "./ad-shopper";
import { campaignServingOrder } from "./pick-campaign";
import { releaseAdView } from "./release-ad-view";
import { currentAdSet } from "./start-ad-set";
import { viewExpired } from "./view-expiry";
import type { AdNetwork } from "./ssv/network-callback";

export interface OpenedAdView {
  viewId: string;
  /** Single-use: the player sends it back to complete the view; an app shell passes it to the network as custom data. */
  nonce: string;
  openedAt: Date;
  completesAt: Date;
  durationSeconds: number;
  creative: { campaignId: string; name: string; advertiser: string; url: string; type: CreativeType } | null;
  network: AdNetwork | null;
}

/** The default source of serving randomness: uniform in [0, 1) from the CSPRNG. */
const cryptoRandom = () => randomInt(0, 2 ** 47) / 2 ** 47;

/**
 * Opens the next view of the shopper's set in progress, when an ad starts. A direct view picks a
 * campaign that can pay for it (campaignServingOrder) and reserves its price in the same statement
 * group: the campaign's committed amount (a CHECK keeps it within the budget cap) and a transfer from
 * the advertiser's budget account (a CHECK keeps it ≥ 0). A campaign that cannot pay is skipped, so
 * none is ever overspent. A network view (app shell) reserves nothing; the network's callback completes it.
 */
export async function openAdView(
  tx: DbOrTx,
  clock: Clock,
  input: { userId: string; deviceId: string; setId: string; ip: string; network?: AdNetwork; random?: () => number },
): Promise<OpenedAdView> {
  await lockAdShopper(tx, input.userId);
  const settings = await readSetting(tx, "ads");
  const now = clock.now();
  const set = await currentAdSet(tx, clock, input.userId, settings.setIdleMinutes);
  if (!set || set.id !== input.setId) throw new DomainError("AD_SET_NOT_OPEN");
  if (set.deviceId !== input.deviceId) throw new DomainError("AD_SET_IN_PROGRESS", { minutes: settings.setIdleMinutes });
  if (set.viewsDone >= set.viewsRequired) throw new DomainError("AD_SET_NOT_OPEN");

  const [playing] = await tx.select().from(adViews).where(and(eq(adViews.setId, set.id), eq(adViews.status, "open"))).for("update");
  if (playing) {
    if (!viewExpired(playing, settings.viewGraceSeconds, now)) throw new DomainError("AD_VIEW_IN_PROGRESS");
    await releaseAdView(tx, clock, playing, "expired");
  }
  if ((await viewsFromIpSince(tx, input.ip, new Date(now.getTime() - 3_600_000))) >= settings.viewSessionsPerIpPerHour) throw new DomainError("AD_IP_RATE_LIMITED");

  const viewId = randomUUID();
  const base = { id: viewId, setId: set.id, userId: input.userId, nonce: randomBytes(24).toString("base64url"), ip: input.ip, openedAt: now };
  let opened: OpenedAdView;
  if (input.network) {
    const [network] = await tx.select({ enabled: adNetworks.enabled }).from(adNetworks).where(eq(adNetworks.network, input.network));
    if (!network?.enabled) throw new DomainError("BAD_INPUT", { field: "network" });
    await tx.insert(adViews).values({ ...base, network: input.network, durationSeconds: 0, completesAt: now });
    opened = { viewId, nonce: base.nonce, openedAt: now, completesAt: now, durationSeconds: 0, creative: null, network: input.network };
  } else {
    const campaign = await reserveCampaign(tx, clock, { viewId, setId: set.id, random: input.random ?? cryptoRandom });
    const completesAt = new Date(now.getTime() + campaign.durationSeconds * 1000);
    await tx.insert(adViews).values({ ...base, campaignId: campaign.id, priceFen: campaign.pricePerViewFen, durationSeconds: campaign.durationSeconds, completesAt });
    opened = {
      viewId,
      nonce: base.nonce,
      openedAt: now,
      completesAt,
      durationSeconds: campaign.durationSeconds,
      creative: { campaignId: campaign.id, name: campaign.name, advertiser: campaign.advertiser, url: campaign.creativeUrl, type: campaign.creativeType },
      network: null,
    };
  }
  await tx.execute(sql`UPDATE ad_sets SET last_activity_at = ${now.toISOString()}::timestamptz WHERE id = ${set.id}`);
  return opened;
}

type Candidate = { id: string; name: string; advertiserId: string; advertiser: string; creativeUrl: string; creativeType: CreativeType; durationSeconds: number; pricePerViewFen: number };

/** Campaigns live now whose cap and advertiser budget can each pay one more view, tried in serving order until one reserves. */
async function reserveCampaign(tx: DbOrTx, clock: Clock, input: { viewId: string; setId: string; random: () => number }): Promise<Candidate> {
  const now = clock.now().toISOString();
  const candidates = await tx.execute<{ id: string; name: string; advertiser_id: string; advertiser: string; creative_url: string; creative_type: CreativeType; duration_seconds: number; price_per_view_fen: string }>(sql`
    SELECT c.id, c.name, c.advertiser_id, a.name AS advertiser, c.creative_url, c.creative_type, c.duration_seconds, c.price_per_view_fen
    FROM ${adCampaigns} c JOIN ${advertisers} a ON a.id = c.advertiser_id
    JOIN ledger_accounts b ON b.advertiser_id = c.advertiser_id AND b.asset = 'cash'
    WHERE c.active AND c.starts_at <= ${now}::timestamptz AND (c.ends_at IS NULL OR c.ends_at > ${now}::timestamptz)
      AND c.budget_fen - c.committed_fen >= c.price_per_view_fen AND b.balance >= c.price_per_view_fen`);
  const shown = new Set((await tx.select({ id: adViews.campaignId }).from(adViews).where(eq(adViews.setId, input.setId))).map((r) => r.id ?? ""));
  const ordered = campaignServingOrder(
    candidates.map((c) => ({ id: c.id, name: c.name, advertiserId: c.advertiser_id, advertiser: c.advertiser, creativeUrl: c.creative_url, creativeType: c.creative_type, durationSeconds: c.duration_seconds, pricePerViewFen: Number(c.price_per_view_fen) })),
    shown,
    input.random,
  );
  for (const c of ordered) {
    try {
      // A savepoint per campaign: one that cannot pay leaves no lock or row behind.
      const reserved = await tx.transaction(async (sp) => {
        const [row] = await sp
          .update(adCampaigns)
          .set({ committedFen: sql`${adCampaigns.committedFen} + ${c.pricePerViewFen}` })
          .where(and(eq(adCampaigns.id, c.id), sql`${adCampaigns.committedFen} + ${c.pricePerViewFen} <= ${adCampaigns.budgetFen}`, eq(adCampaigns.active, true)))
          .returning({ id: adCampaigns.id });
        if (!row) return false;
        await postTransfers(sp, clock, [
          { key: `ads:view:${input.viewId}:reserve`, asset: "cash", from: { advertiserId: c.advertiserId }, to: { platform: "ad_reserved" }, amount: c.pricePerViewFen, reason: "ads.view.reserve", ref: { type: "ad_view", id: input.viewId } },
        ], { callerRollsBack: true });
        return true;
      });
      if (reserved) return c;
    } catch (e) {
      if (!isDomainError(e) || e.code !== "INSUFFICIENT_BALANCE") throw e;
    }
  }
  throw new DomainError("AD_NONE_AVAILABLE");
}

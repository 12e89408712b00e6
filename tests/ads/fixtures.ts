import { randomUUID } from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { adCampaigns, adSets, adViews, ledgerEntries } from "@/db/schema";
import type { Actor } from "@/server/domain/audit/record-audit";
import { completeAdView } from "@/server/domain/ads/complete-ad-view";
import { recordPrepayment, saveAdvertiser } from "@/server/domain/ads/manage-advertisers";
import { saveCampaign, type CampaignInput } from "@/server/domain/ads/manage-campaigns";
import { openAdView, type OpenedAdView } from "@/server/domain/ads/open-ad-view";
import { startAdSet } from "@/server/domain/ads/start-ad-set";
import { AD_SETTING_DEFAULTS, type AdSettings } from "@/server/domain/ads/ad-settings";
import { readUserBalances } from "@/server/domain/ledger";
import { writeSetting } from "@/server/domain/settings/platform-settings";
import type { Clock, FixedClock } from "@/server/domain/shared/clock";
import { createUser, fund } from "../helpers/factories";

/** A creative URL of the form the upload route stores (the domain checks the form, not the file). */
export const creativeUrl = (type: "png" | "mp4" = "png") => `/api/images/${randomUUID()}.${type}`;

export async function staffActor(db: DbOrTx, role: "operator" | "finance" | "owner" = "operator"): Promise<Actor> {
  const u = await createUser(db, { role });
  return { id: u.id, role, ip: "198.51.100.1" };
}

/** An advertiser with `prepaidFen` in its budget account. */
export async function createAdvertiser(db: Db, clock: Clock, prepaidFen: number, name = "星河饮品"): Promise<string> {
  const operator = await staffActor(db, "operator");
  const finance = await staffActor(db, "finance");
  const { id } = await db.transaction((tx) => saveAdvertiser(tx, clock, operator, { name, contact: "张经理" }));
  if (prepaidFen > 0) await db.transaction((tx) => recordPrepayment(tx, clock, finance, { prepaymentId: randomUUID(), advertiserId: id, amountFen: prepaidFen, reference: `REF-${randomUUID().slice(0, 8)}` }));
  return id;
}

/** A live campaign (30 s, as `overrides` say) of an advertiser. */
export async function createCampaign(db: Db, clock: Clock, advertiserId: string, overrides: Partial<CampaignInput> = {}): Promise<string> {
  const operator = await staffActor(db, "operator");
  const input: CampaignInput = {
    advertiserId,
    name: `广告 ${randomUUID().slice(0, 6)}`,
    creativeUrl: creativeUrl(),
    durationSeconds: 30,
    pricePerViewFen: 50,
    budgetFen: 100_00,
    startsAt: new Date(clock.now().getTime() - 86_400_000),
    endsAt: null,
    active: true,
    ...overrides,
  };
  const { id } = await db.transaction((tx) => saveCampaign(tx, clock, operator, input));
  return id;
}

export async function setAdSettings(db: Db, clock: Clock, patch: Partial<AdSettings>): Promise<AdSettings> {
  const owner = await staffActor(db, "owner");
  return db.transaction((tx) => writeSetting(tx, clock, owner, "ads", { ...AD_SETTING_DEFAULTS, ...patch }));
}

/** A shopper with `points` mall points (and whatever `overrides` say). */
export async function createWatcher(db: Db, clock: Clock, points: number, overrides: Parameters<typeof createUser>[1] = {}): Promise<string> {
  const u = await createUser(db, overrides);
  if (points > 0) await fund(db, clock, u.id, "mallPoints", points);
  return u.id;
}

export const start = (db: Db, clock: Clock, userId: string, deviceId = `dev-${userId}`) => db.transaction((tx) => startAdSet(tx, clock, { userId, deviceId }));
export const open = (db: Db, clock: Clock, userId: string, setId: string, opts: { deviceId?: string; ip?: string; random?: () => number } = {}) =>
  db.transaction((tx) => openAdView(tx, clock, { userId, deviceId: opts.deviceId ?? `dev-${userId}`, setId, ip: opts.ip ?? "203.0.113.10", random: opts.random }));
export const complete = (db: Db, clock: Clock, userId: string, view: Pick<OpenedAdView, "viewId" | "nonce">) =>
  db.transaction((tx) => completeAdView(tx, clock, { userId, viewId: view.viewId, nonce: view.nonce }));

/** Starts a set and watches every view to its end, moving `clock` on; returns the last completion. */
export async function watchSet(db: Db, clock: FixedClock, userId: string, deviceId = `dev-${userId}`) {
  const set = await start(db, clock, userId, deviceId);
  let last;
  for (let v = set.viewsDone; v < set.viewsRequired; v++) {
    const view = await open(db, clock, userId, set.id, { deviceId });
    clock.advance(view.durationSeconds * 1000);
    last = await complete(db, clock, userId, view);
  }
  return { set, last };
}

/** Everything an ad action can move, to assert a refusal moved nothing. */
export async function adSnapshot(db: Db, userIds: string[]) {
  const [entries] = await db.select({ n: count() }).from(ledgerEntries);
  const [sets] = await db.select({ n: count() }).from(adSets);
  const [views] = await db.select({ n: count(), open: sql<number>`count(*) FILTER (WHERE ${adViews.status} = 'open')::int` }).from(adViews);
  const campaigns = await db.select({ id: adCampaigns.id, committed: adCampaigns.committedFen }).from(adCampaigns).orderBy(adCampaigns.id);
  const budgets = await db.execute<{ advertiser_id: string; balance: string }>(sql`SELECT advertiser_id, balance FROM ledger_accounts WHERE advertiser_id IS NOT NULL ORDER BY advertiser_id`);
  const balances = await Promise.all(userIds.map((u) => readUserBalances(db, u)));
  const setRows = await db.select({ id: adSets.id, status: adSets.status, done: adSets.viewsDone }).from(adSets).orderBy(adSets.id);
  return { entries: entries?.n, sets: sets?.n, views, campaigns, budgets: [...budgets], balances, setRows };
}

export async function campaignRow(db: DbOrTx, id: string) {
  const [row] = await db.select().from(adCampaigns).where(eq(adCampaigns.id, id));
  return row;
}

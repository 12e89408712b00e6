import { randomUUID } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { activities, activityItems, drawCounters, entries, groups, prizes, promoterStatus, type Asset, type UserRole } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG, type ActivityConfig } from "@/server/domain/shared/activity-config";
import { createActivity } from "@/server/domain/activities/create-activity";
import { joinActivity, type JoinResult } from "@/server/domain/groups/join-activity";
import { drawPendingGroups } from "@/server/domain/groups/draw-group";
import { readPlatformBalance, readUserBalances, type Balances, type PlatformAccount } from "@/server/domain/ledger";
import type { Clock } from "@/server/domain/shared/clock";
import { createUser, fund } from "./factories";

/** Fixtures for group-draw tests: activities with a config override, funded shoppers, joins and draws. */

export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export const TEST_ACTOR = { id: "00000000-0000-4000-8000-000000000001", role: "owner", ip: "127.0.0.1" };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep-merges `override` onto `base` (objects merge key by key; anything else replaces). Never mutates. */
export function deepMerge<T>(base: T, override: NoInfer<DeepPartial<T>> | undefined): T {
  if (override === undefined) return structuredClone(base);
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredClone(override as T);
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(override)) {
    if (v === undefined) continue;
    out[k] = k in out ? deepMerge(out[k], v as DeepPartial<unknown>) : structuredClone(v);
  }
  return out as T;
}

/** DEFAULT_ACTIVITY_CONFIG with `override` deep-merged onto it. */
export function configWith(override: DeepPartial<ActivityConfig> = {}): ActivityConfig {
  return deepMerge(DEFAULT_ACTIVITY_CONFIG, override);
}

/** Every reward and both referral levels switched off (ratios kept): the base for one-reward scenarios. */
export const NO_REWARDS: DeepPartial<ActivityConfig> = {
  rewards: {
    WA: { on: false },
    WB: { on: false },
    WC: { on: false },
    WD: { on: false },
    WE: { on: false },
    WF: { on: false },
    LA: { on: false },
    LB: { on: false },
    LC: { on: false },
  },
  referral: { L1: { on: false }, L2: { on: false } },
};

/** A config with no rewards and no referral, then `override` on top. */
export function bareConfig(override: DeepPartial<ActivityConfig> = {}): ActivityConfig {
  return deepMerge(configWith(NO_REWARDS), override);
}

export interface ActivityOptions {
  name?: string;
  priceFen?: number;
  groupSize?: number;
  winners?: number;
  /** Kinds of the display items, in position order (default one product). */
  items?: ("product" | "voucher")[];
  opensAt?: Date;
  closesAt?: Date | null;
  /** Merged onto DEFAULT_ACTIVITY_CONFIG, unless `fullConfig` is given. */
  config?: DeepPartial<ActivityConfig>;
  fullConfig?: ActivityConfig;
}

export interface TestActivity {
  id: string;
  /** The first group, opened with the activity. */
  groupId: string;
  priceFen: number;
  groupSize: number;
  winners: number;
  config: ActivityConfig;
  /** Item ids in position order; `itemId` is the first. */
  itemIds: string[];
  itemId: string;
}

export interface ShopperOptions {
  cash?: number;
  credit?: number;
  referrerId?: string | null;
  role?: UserRole;
  frozen?: boolean;
}

/** Group-draw fixtures bound to one database handle and clock. */
export function groupFixtures(db: Db, clock: Clock) {
  async function makeActivity(opts: ActivityOptions = {}): Promise<TestActivity> {
    const priceFen = opts.priceFen ?? 1999;
    const groupSize = opts.groupSize ?? 10;
    const winners = opts.winners ?? 3;
    const config = opts.fullConfig ?? configWith(opts.config);
    const kinds = opts.items ?? ["product"];
    const { id, groupId } = await db.transaction((tx) =>
      createActivity(tx, clock, TEST_ACTOR, {
        name: opts.name ?? "测试活动",
        priceFen,
        groupSize,
        winners,
        opensAt: opts.opensAt ?? new Date(clock.now().getTime() - 24 * 3600 * 1000),
        closesAt: opts.closesAt ?? null,
        items: kinds.map((kind, i) => ({ kind, name: `${kind} ${i + 1}`, priceFen })),
        config,
      }),
    );
    const items = await db.select({ id: activityItems.id }).from(activityItems).where(eq(activityItems.activityId, id)).orderBy(asc(activityItems.position));
    const itemIds = items.map((i) => i.id);
    return { id, groupId, priceFen, groupSize, winners, config, itemIds, itemId: itemIds[0]! };
  }

  /** A shopper (or `role`) funded with cash and credit from opening balances. */
  async function makeShopper(opts: ShopperOptions = {}): Promise<string> {
    const u = await createUser(db, { clock, referrerId: opts.referrerId ?? null, role: opts.role ?? "shopper", frozen: opts.frozen ?? false });
    if (opts.cash) await fund(db, clock, u.id, "cash", opts.cash);
    if (opts.credit) await fund(db, clock, u.id, "credit", opts.credit);
    return u.id;
  }

  async function makeShoppers(n: number, opts: ShopperOptions = {}): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await makeShopper(opts));
    return out;
  }

  /**
   * A referral chain of `length` users, top first: chain[i + 1] was referred by chain[i]. Each is
   * funded per `funding(i)`. The last one is the shopper whose wins release their referrers' credit.
   */
  async function makeReferrerChain(length: number, funding: (i: number) => ShopperOptions = () => ({})): Promise<string[]> {
    const chain: string[] = [];
    for (let i = 0; i < length; i++) chain.push(await makeShopper({ ...funding(i), referrerId: chain[i - 1] ?? null }));
    return chain;
  }

  /** Makes a user a promoter valid until `validUntil` (directly, without entries). */
  async function setPromoterValidUntil(userId: string, validUntil: Date): Promise<void> {
    await db
      .insert(promoterStatus)
      .values({ userId, validUntil })
      .onConflictDoUpdate({ target: promoterStatus.userId, set: { validUntil } });
  }

  async function join(activity: Pick<TestActivity, "id" | "itemId">, userId: string, opts: { itemId?: string; entryId?: string; clock?: Clock } = {}): Promise<JoinResult> {
    return db.transaction((tx) => joinActivity(tx, opts.clock ?? clock, { userId, activityId: activity.id, itemId: opts.itemId ?? activity.itemId, entryId: opts.entryId ?? randomUUID() }));
  }

  /** Joins each user in turn (so seats follow the order given); `itemFor(i)` picks the item. */
  async function joinAll(activity: Pick<TestActivity, "id" | "itemId">, userIds: readonly string[], itemFor?: (i: number) => string): Promise<JoinResult[]> {
    const out: JoinResult[] = [];
    for (let i = 0; i < userIds.length; i++) out.push(await join(activity, userIds[i]!, { itemId: itemFor?.(i) }));
    return out;
  }

  async function drawAll(activityId: string, c: Clock = clock): Promise<string[]> {
    return drawPendingGroups(db, c, activityId);
  }

  /** Joins every user in seat order, then draws; returns the group the first join went into. */
  async function fillAndDraw(activity: TestActivity, userIds: readonly string[], itemFor?: (i: number) => string): Promise<{ groupId: string; joins: JoinResult[] }> {
    const joins = await joinAll(activity, userIds, itemFor);
    await drawAll(activity.id);
    return { groupId: joins[0]!.groupId, joins };
  }

  return {
    db,
    clock,
    makeActivity,
    makeShopper,
    makeShoppers,
    makeReferrerChain,
    setPromoterValidUntil,
    join,
    joinAll,
    drawAll,
    fillAndDraw,
  };
}

export type GroupFixtures = ReturnType<typeof groupFixtures>;

// ---- reads ---------------------------------------------------------------------------------------

export type EntryRow = typeof entries.$inferSelect;
export type GroupRow = typeof groups.$inferSelect;

export async function readEntries(db: DbOrTx, groupId: string): Promise<EntryRow[]> {
  return db.select().from(entries).where(eq(entries.groupId, groupId)).orderBy(asc(entries.seat));
}

export async function readGroup(db: DbOrTx, groupId: string): Promise<GroupRow> {
  const [g] = await db.select().from(groups).where(eq(groups.id, groupId));
  if (!g) throw new Error(`no group ${groupId}`);
  return g;
}

export async function readGroups(db: DbOrTx, activityId: string): Promise<GroupRow[]> {
  return db.select().from(groups).where(eq(groups.activityId, activityId)).orderBy(asc(groups.number));
}

/** The activity's open group, or undefined. */
export async function readOpenGroup(db: DbOrTx, activityId: string): Promise<GroupRow | undefined> {
  const [g] = await db.select().from(groups).where(and(eq(groups.activityId, activityId), eq(groups.status, "open")));
  return g;
}

export async function countEntries(db: DbOrTx, where?: { userId?: string; activityId?: string }): Promise<number> {
  const conds = [where?.userId ? eq(entries.userId, where.userId) : undefined, where?.activityId ? eq(entries.activityId, where.activityId) : undefined].filter((c) => c !== undefined);
  const [row] = await db.select({ n: count() }).from(entries).where(conds.length ? and(...conds) : undefined);
  return row?.n ?? 0;
}

export async function balancesOf(db: DbOrTx, userIds: readonly string[]): Promise<Map<string, Balances>> {
  const out = new Map<string, Balances>();
  for (const id of userIds) out.set(id, await readUserBalances(db, id));
  return out;
}

export async function balanceOf(db: DbOrTx, userId: string, asset: Asset): Promise<number> {
  return (await readUserBalances(db, userId))[asset];
}

export async function platformBalance(db: DbOrTx, account: PlatformAccount, asset: Asset = "cash"): Promise<number> {
  return readPlatformBalance(db, account, asset);
}

export async function readCounters(db: DbOrTx, userId: string, activityId: string) {
  const [row] = await db.select().from(drawCounters).where(and(eq(drawCounters.userId, userId), eq(drawCounters.activityId, activityId)));
  return row;
}

export async function readPromoter(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(promoterStatus).where(eq(promoterStatus.userId, userId));
  return row;
}

export async function readPrizes(db: DbOrTx, userId: string) {
  return db.select().from(prizes).where(eq(prizes.userId, userId));
}

/** Ledger entries posted under exactly this idempotency key (0 or 1). */
export async function ledgerKeyCount(db: DbOrTx, key: string): Promise<number> {
  const [row] = await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM ledger_entries WHERE idempotency_key = ${key}`);
  return Number(row?.n ?? 0);
}

/** Sets an activity's status (paused / ended) directly. */
export async function setActivityStatus(db: DbOrTx, activityId: string, status: "active" | "paused" | "ended"): Promise<void> {
  await db.update(activities).set({ status }).where(eq(activities.id, activityId));
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { adSets, adViews, ledgerEntries, users } from "@/db/schema";
import { closeAdView } from "@/server/domain/ads/complete-ad-view";
import { expireAdSessions } from "@/server/domain/ads/expire-ad-sessions";
import { rewardTierFor } from "@/server/domain/ads/reward-tier";
import { campaignServingOrder } from "@/server/domain/ads/pick-campaign";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { makePromoter } from "../store/fixtures";
import { adSnapshot, campaignRow, complete, createAdvertiser, createCampaign, createWatcher, open, setAdSettings, start, watchSet } from "./fixtures";

let t: TestDb;
// 12:00 in Shanghai.
const clock = new FixedClock("2026-12-01T04:00:00Z");
const TIERS = [
  { minPoints: 1, rewardFen: 100, pointsCost: 1 },
  { minPoints: 200, rewardFen: 180, pointsCost: 2 },
  { minPoints: 1000, rewardFen: 400, pointsCost: 5 },
];

beforeAll(async () => {
  t = await createTestDb({ max: 10 });
  await setAdSettings(t.db, clock, { tiers: TIERS, setsPerDevicePerDay: 5 });
  const advertiser = await createAdvertiser(t.db, clock, 1_000_00);
  await createCampaign(t.db, clock, advertiser, { pricePerViewFen: 50 });
  await createCampaign(t.db, clock, advertiser, { pricePerViewFen: 30, durationSeconds: 15 });
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

/** Asserts `fn` is refused with `code` and that no balance, budget, set, view or ledger entry moved. */
async function refusedWithNothingMoved(code: string, userIds: string[], fn: () => Promise<unknown>): Promise<DomainError> {
  const before = await adSnapshot(t.db, userIds);
  const err = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  expect(await adSnapshot(t.db, userIds)).toEqual(before);
  return err as DomainError;
}

describe("a completed set", () => {
  it("pays its tier's cash, spends its points and turns each view's reservation into ad revenue, once", async () => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, 250);
    const revenueBefore = await readPlatformBalance(t.db, "ad_revenue", "cash");
    const { set, last } = await watchSet(t.db, c, userId);
    expect(last?.reward).toEqual({ rewardFen: 180, pointsSpent: 2, commissionFen: 0 });
    expect(await readUserBalances(t.db, userId)).toMatchObject({ cash: 180, mallPoints: 248 });
    const views = await t.db.select().from(adViews).where(eq(adViews.setId, set.id));
    expect(views.map((v) => v.status)).toEqual(["completed", "completed", "completed", "completed"]);
    const spent = views.reduce((s, v) => s + v.priceFen, 0);
    expect(await readPlatformBalance(t.db, "ad_revenue", "cash")).toBe(revenueBefore + spent);
    expect(await readPlatformBalance(t.db, "ad_reserved", "cash")).toBe(0);
    const [row] = await t.db.select().from(adSets).where(eq(adSets.id, set.id));
    expect(row).toMatchObject({ status: "completed", rewardFen: 180, pointsSpent: 2, viewsDone: 4 });
    const keys = (await t.db.select({ key: ledgerEntries.idempotencyKey }).from(ledgerEntries).where(eq(ledgerEntries.refId, set.id))).map((r) => r.key).sort();
    expect(keys).toEqual([`ads:${userId}:2026-12-01:1:points`, `ads:${userId}:2026-12-01:1:reward`]);
  });

  it("does not show the same creative twice in a set while another campaign can pay", async () => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, 10);
    const set = await start(t.db, c, userId);
    const first = await open(t.db, c, userId, set.id);
    c.advance(first.durationSeconds * 1000);
    await complete(t.db, c, userId, first);
    const second = await open(t.db, c, userId, set.id);
    expect(second.creative?.campaignId).not.toBe(first.creative?.campaignId);
  });

  it("pays the L1 and L2 commission to valid promoters only, from the reward", async () => {
    const c = new FixedClock(clock.now());
    const l2 = await createUser(t.db);
    const l1 = await createUser(t.db, { referrerId: l2.id });
    const userId = await createWatcher(t.db, c, 1000, { referrerId: l1.id });
    await makePromoter(t.db, c, l1.id);
    const { last } = await watchSet(t.db, c, userId);
    // Tier ≥ 1000: ¥4.00; L1 5% = 20 fen; L2 is not a valid promoter.
    expect(last?.reward).toEqual({ rewardFen: 400, pointsSpent: 5, commissionFen: 20 });
    expect((await readUserBalances(t.db, l1.id)).cash).toBe(20);
    expect((await readUserBalances(t.db, l2.id)).cash).toBe(0);
  });
});

describe("tiers (区间递减)", () => {
  it("pick the tier whose range holds the balance, at every edge", () => {
    const cases: [number, number | null][] = [[0, null], [1, 100], [199, 100], [200, 180], [999, 180], [1000, 400], [1_000_000, 400]];
    for (const [balance, reward] of cases) expect(rewardTierFor(TIERS, balance)?.rewardFen ?? null, `balance ${balance}`).toBe(reward);
  });

  it.each([
    [199, 100, 1],
    [200, 180, 2],
    [1000, 400, 5],
  ])("a shopper with %i points is paid %i fen for %i points", async (points, rewardFen, pointsSpent) => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, points);
    const { last } = await watchSet(t.db, c, userId);
    expect(last?.reward).toMatchObject({ rewardFen, pointsSpent });
    expect(await readUserBalances(t.db, userId)).toMatchObject({ cash: rewardFen, mallPoints: points - pointsSpent });
  });
});

describe("views that count", () => {
  it("refuses a completion before the creative's full duration has passed on the server's clock", async () => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, 10);
    const set = await start(t.db, c, userId);
    const view = await open(t.db, c, userId, set.id);
    c.advance(view.durationSeconds * 1000 - 1);
    const err = await refusedWithNothingMoved("AD_VIEW_TOO_EARLY", [userId], () => complete(t.db, c, userId, view));
    expect(err.params).toEqual({ seconds: 1 });
    c.advance(1);
    await expect(complete(t.db, c, userId, view)).resolves.toMatchObject({ viewsDone: 1 });
  });

  it("refuses completing a view twice, and completing someone else's view or with a wrong nonce", async () => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, 10);
    const other = await createWatcher(t.db, c, 10);
    const set = await start(t.db, c, userId);
    const view = await open(t.db, c, userId, set.id);
    c.advance(view.durationSeconds * 1000);
    await refusedWithNothingMoved("NOT_FOUND", [userId, other], () => complete(t.db, c, other, view));
    await refusedWithNothingMoved("NOT_FOUND", [userId], () => complete(t.db, c, userId, { viewId: view.viewId, nonce: "x".repeat(view.nonce.length) }));
    await complete(t.db, c, userId, view);
    await refusedWithNothingMoved("AD_VIEW_NOT_OPEN", [userId], () => complete(t.db, c, userId, view));
  });

  it("refuses a second set from another device, and a second ad at once from another tab", async () => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, 10);
    const set = await start(t.db, c, userId, "phone");
    await refusedWithNothingMoved("AD_SET_IN_PROGRESS", [userId], () => start(t.db, c, userId, "tablet"));
    // The same device resumes its set (a reload, a second tab).
    expect((await start(t.db, c, userId, "phone")).id).toBe(set.id);
    await open(t.db, c, userId, set.id, { deviceId: "phone" });
    await refusedWithNothingMoved("AD_VIEW_IN_PROGRESS", [userId], () => open(t.db, c, userId, set.id, { deviceId: "phone" }));
    await refusedWithNothingMoved("AD_SET_IN_PROGRESS", [userId], () => open(t.db, c, userId, set.id, { deviceId: "tablet" }));
  });

  it("closing an ad forfeits that view: its reservation returns and the set needs another", async () => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, 10);
    const set = await start(t.db, c, userId);
    const reservedBefore = await readPlatformBalance(t.db, "ad_reserved", "cash");
    const view = await open(t.db, c, userId, set.id);
    const campaignId = view.creative?.campaignId ?? "";
    const { committedFen: committed = 0, pricePerViewFen: price = 0 } = (await campaignRow(t.db, campaignId)) ?? {};
    c.advance(10_000);
    await t.db.transaction((tx) => closeAdView(tx, c, { userId, viewId: view.viewId, nonce: view.nonce }));
    expect((await campaignRow(t.db, campaignId))?.committedFen).toBe(committed - price);
    await refusedWithNothingMoved("AD_VIEW_NOT_OPEN", [userId], () => complete(t.db, c, userId, view));
    const [row] = await t.db.select().from(adSets).where(eq(adSets.id, set.id));
    expect(row).toMatchObject({ status: "watching", viewsDone: 0 });
    expect(await readPlatformBalance(t.db, "ad_reserved", "cash")).toBe(reservedBefore);
  });

  it("refuses a shopper with no mall points or below every tier, a frozen shopper and staff", async () => {
    const c = new FixedClock(clock.now());
    const none = await createWatcher(t.db, c, 0);
    const err = await refusedWithNothingMoved("AD_NO_POINTS", [none], () => start(t.db, c, none));
    expect(err.params).toEqual({ balance: 0, min: 1 });
    const frozen = await createWatcher(t.db, c, 50, { frozen: true });
    await refusedWithNothingMoved("ACCOUNT_FROZEN", [frozen], () => start(t.db, c, frozen));
    const staff = await createUser(t.db, { role: "operator" });
    await refusedWithNothingMoved("FORBIDDEN", [staff.id], () => start(t.db, c, staff.id));
    // Frozen mid-set: the completion is refused too.
    const later = await createWatcher(t.db, c, 50);
    const set = await start(t.db, c, later);
    const view = await open(t.db, c, later, set.id);
    c.advance(view.durationSeconds * 1000);
    await t.db.update(users).set({ frozen: true }).where(eq(users.id, later));
    await refusedWithNothingMoved("ACCOUNT_FROZEN", [later], () => complete(t.db, c, later, view));
  });

  it("refuses a view from an IP past its hourly cap, and counts the hour on the server's clock", async () => {
    const c = new FixedClock(clock.now());
    await setAdSettings(t.db, c, { tiers: TIERS, setsPerDevicePerDay: 5, viewSessionsPerIpPerHour: 2 });
    try {
      const ip = "198.51.100.77";
      const a = await createWatcher(t.db, c, 10);
      const b = await createWatcher(t.db, c, 10);
      const setA = await start(t.db, c, a);
      const setB = await start(t.db, c, b);
      const va = await open(t.db, c, a, setA.id, { ip });
      await open(t.db, c, b, setB.id, { ip });
      c.advance(va.durationSeconds * 1000);
      await complete(t.db, c, a, va);
      await refusedWithNothingMoved("AD_IP_RATE_LIMITED", [a], () => open(t.db, c, a, setA.id, { ip }));
      c.advance(3_600_000);
      await expect(open(t.db, c, a, setA.id, { ip })).rejects.toMatchObject({ code: "AD_SET_NOT_OPEN" }); // idle past 30 minutes: the set ended
    } finally {
      await setAdSettings(t.db, c, { tiers: TIERS, setsPerDevicePerDay: 5 });
    }
  });

  it("says no ads are available when no campaign can pay for a view, and moves nothing", async () => {
    const iso = await createTestDb();
    try {
      const c = new FixedClock(clock.now());
      const advertiser = await createAdvertiser(iso.db, c, 40);
      await createCampaign(iso.db, c, advertiser, { pricePerViewFen: 50, budgetFen: 1000 }); // the advertiser cannot pay 50
      await createCampaign(iso.db, c, advertiser, { pricePerViewFen: 30, budgetFen: 1000, active: false });
      const userId = await createWatcher(iso.db, c, 10);
      const set = await start(iso.db, c, userId);
      const before = await adSnapshot(iso.db, [userId]);
      await expect(open(iso.db, c, userId, set.id)).rejects.toMatchObject({ code: "AD_NONE_AVAILABLE" });
      expect(await adSnapshot(iso.db, [userId])).toEqual(before);
    } finally {
      await iso.drop();
    }
  });
});

describe("daily caps", () => {
  it("one set per shopper per business day, counted across the Shanghai midnight", async () => {
    // 23:58 in Shanghai.
    const c = new FixedClock("2026-12-02T15:58:00Z");
    await setAdSettings(t.db, c, { tiers: TIERS, setsPerDevicePerDay: 5, viewsPerSet: 1 });
    try {
      const userId = await createWatcher(t.db, c, 10);
      const set = await start(t.db, c, userId);
      const v = await open(t.db, c, userId, set.id);
      c.set("2026-12-02T15:59:10Z");
      expect((await complete(t.db, c, userId, v)).reward).toMatchObject({ rewardFen: 100 });
      const err = await refusedWithNothingMoved("AD_DAILY_CAP", [userId], () => start(t.db, c, userId));
      expect(err.params).toEqual({ cap: 1 });
      c.set("2026-12-02T15:59:59.999Z");
      await refusedWithNothingMoved("AD_DAILY_CAP", [userId], () => start(t.db, c, userId));
      c.set("2026-12-02T16:00:00Z"); // 00:00 on the 3rd
      const next = await start(t.db, c, userId);
      expect(next).toMatchObject({ businessDay: "2026-12-03", setNo: 1 });
    } finally {
      await setAdSettings(t.db, c, { tiers: TIERS, setsPerDevicePerDay: 5 });
    }
  });

  it("the device cap counts every account on one device", async () => {
    const c = new FixedClock("2026-12-04T04:00:00Z");
    await setAdSettings(t.db, c, { tiers: TIERS, setsPerDevicePerDay: 1, viewsPerSet: 1 });
    try {
      const a = await createWatcher(t.db, c, 10);
      const b = await createWatcher(t.db, c, 10);
      await watchSet(t.db, c, a, "shared-phone");
      const err = await refusedWithNothingMoved("AD_DEVICE_CAP", [b], () => start(t.db, c, b, "shared-phone"));
      expect(err.params).toEqual({ cap: 1 });
      await expect(start(t.db, c, b, "own-phone")).resolves.toMatchObject({ status: "watching" });
    } finally {
      await setAdSettings(t.db, c, { tiers: TIERS, setsPerDevicePerDay: 5 });
    }
  });
});

describe("expiry", () => {
  it("a view left open past its grace gives its reservation back; an idle set ends so a new one can start", async () => {
    const c = new FixedClock("2026-12-05T04:00:00Z");
    const userId = await createWatcher(t.db, c, 10);
    const set = await start(t.db, c, userId, "phone");
    const view = await open(t.db, c, userId, set.id, { deviceId: "phone" });
    const reserved = await readPlatformBalance(t.db, "ad_reserved", "cash");
    expect(reserved).toBeGreaterThan(0);
    const price = (await campaignRow(t.db, view.creative?.campaignId ?? ""))?.pricePerViewFen ?? 0;
    c.advance((view.durationSeconds + 301) * 1000);
    // Past its grace the view no longer completes, even before the job has run.
    await refusedWithNothingMoved("AD_VIEW_NOT_OPEN", [userId], () => complete(t.db, c, userId, view));
    expect(await expireAdSessions(t.db, c)).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.select().from(adViews).where(eq(adViews.id, view.viewId));
    expect(row?.status).toBe("expired");
    expect(await readPlatformBalance(t.db, "ad_reserved", "cash")).toBeLessThanOrEqual(reserved - price);
    await expect(complete(t.db, c, userId, view)).rejects.toMatchObject({ code: "AD_VIEW_NOT_OPEN" });
    // Another device is refused while the set is live, and may start once it sat idle for 30 minutes.
    await expect(start(t.db, c, userId, "tablet")).rejects.toMatchObject({ code: "AD_SET_IN_PROGRESS" });
    c.advance(30 * 60_000);
    const fresh = await start(t.db, c, userId, "tablet");
    expect(fresh.setNo).toBe(2);
    const [old] = await t.db.select().from(adSets).where(and(eq(adSets.id, set.id)));
    expect(old?.status).toBe("expired");
  });
});

describe("serving order", () => {
  it("tries campaigns weighted by price, and ones already shown in the set last", () => {
    const campaigns = [
      { id: "a", pricePerViewFen: 10 },
      { id: "b", pricePerViewFen: 30 },
      { id: "c", pricePerViewFen: 60 },
    ];
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const firsts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (let i = 0; i < 20_000; i++) firsts[campaignServingOrder(campaigns, new Set(), random)[0]!.id]! += 1;
    // Weights 1 : 3 : 6 of 20,000 draws: about 2,000, 6,000 and 12,000.
    expect(firsts.a).toBeGreaterThan(1_700);
    expect(firsts.a).toBeLessThan(2_300);
    expect(firsts.c).toBeGreaterThan(11_500);
    expect(firsts.c).toBeLessThan(12_500);
    for (let i = 0; i < 100; i++) expect(campaignServingOrder(campaigns, new Set(["c", "b"]), random).map((x) => x.id)[0]).toBe("a");
  });
});

describe("through the API", () => {
  it("refuses with a translated message and needs the device cookie for a set", async () => {
    const c = new FixedClock(clock.now());
    const userId = await createWatcher(t.db, c, 0);
    const zh = await catchTrpc(() => callerFor(t.db, c, { id: userId, role: "shopper" }).ads.startSet());
    expect(zh).toMatchObject({ trpcCode: "CONFLICT", domainCode: "AD_NO_POINTS" });
    expect(zh.message).toContain("商城积分不足");
    const en = await catchTrpc(() => callerFor(t.db, c, { id: userId, role: "shopper" }, { locale: "en" }).ads.startSet());
    expect(en.message).toContain("Not enough mall points");
    const noDevice = await catchTrpc(() => callerFor(t.db, c, { id: userId, role: "shopper" }, { deviceId: "" }).ads.startSet());
    expect(noDevice.domainCode).toBe("BAD_INPUT");
    const anonymous = await catchTrpc(() => callerFor(t.db, c, null).ads.page());
    expect(anonymous.trpcCode).toBe("UNAUTHORIZED");
  });
});

import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { refundOrder } from "@/server/domain/store/refund-order";
import { releaseDueCommissions } from "@/server/domain/store/release-commissions";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { listDownline } from "@/server/domain/referrals/list-downline";
import { listReferralEarnings, type EarningItem } from "@/server/domain/referrals/list-referral-earnings";
import { PAID_REASONS } from "@/server/domain/referrals/referral-kinds";
import { readReferralCentre } from "@/server/domain/referrals/read-referral-centre";
import { FixedClock } from "@/server/domain/shared/clock";
import { applyRatioBp } from "@/server/domain/shared/money";
import { readSetting } from "@/server/domain/settings/platform-settings";
import { callerFor } from "../helpers/api-caller";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { fund } from "../helpers/factories";
import { bareConfig, groupFixtures, type GroupFixtures, type TestActivity } from "../helpers/group-fixtures";
import { createAdvertiser, createCampaign, staffActor, watchSet } from "../ads/fixtures";
import { checkout, createAddress, createProduct } from "../store/fixtures";

/**
 * Spec §6, §9: the referral centre. A chain A ← B ← C ← D (each invited by the one before) and a
 * second promoter X ← Y. A's centre shows B (level 1) and C (level 2), never D; its figures equal
 * the ledger's sums; X sees none of A's, A none of X's.
 */
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-20T02:00:00Z");
let A: string, B: string, C: string, D: string, X: string, Y: string;
let activity: TestActivity;

async function named(id: string, displayName: string) {
  await t.db.update(users).set({ displayName }).where(sql`${users.id} = ${id}`);
}

/** Ledger sums credited to a user's cash, by reason (the independent reading the centre must equal). */
async function ledgerPaid(userId: string): Promise<Record<string, number>> {
  const rows = await t.db.execute<{ reason: string; fen: string }>(sql`
    SELECT e.reason, SUM(e.amount) AS fen FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.to_account_id
    WHERE a.user_id = ${userId} AND a.asset = 'cash' AND e.reason LIKE ANY(ARRAY['draw.R-L_.cash', 'ads.commission.L_', 'store.commission.L_']) GROUP BY e.reason`);
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.fen)]));
}

/** Held store commission from the ledger: hold entries of the user's commissions, less releases and clawbacks. */
async function ledgerHeld(userId: string): Promise<{ held: number; clawed: number }> {
  const [row] = await t.db.execute<{ hold: string; released: string; clawed: string }>(sql`
    SELECT
      (SELECT COALESCE(SUM(e.amount), 0) FROM commissions c JOIN ledger_entries e ON e.idempotency_key = 'order:' || c.order_id || ':commission.L' || c.level || '.hold' WHERE c.beneficiary_id = ${userId}) AS hold,
      (SELECT COALESCE(SUM(e.amount), 0) FROM commissions c JOIN ledger_entries e ON e.idempotency_key = 'commission:' || c.id || ':release' WHERE c.beneficiary_id = ${userId}) AS released,
      (SELECT COALESCE(SUM(e.amount), 0) FROM commissions c JOIN ledger_entries e ON e.ref_id = c.order_id::text AND e.reason = 'store.commission.L' || c.level || '.clawback' WHERE c.beneficiary_id = ${userId}) AS clawed`);
  return { held: Number(row!.hold) - Number(row!.released) - Number(row!.clawed), clawed: Number(row!.clawed) };
}

async function allEarnings(userId: string): Promise<EarningItem[]> {
  const out: EarningItem[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await listReferralEarnings(t.db, { userId, beforeId: cursor, limit: 3 });
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
}

beforeAll(async () => {
  t = await createTestDb();
  f = groupFixtures(t.db, clock);
  const chain = await f.makeReferrerChain(4, () => ({ cash: 1_000_000, credit: 500_000 }));
  [A, B, C, D] = [chain[0]!, chain[1]!, chain[2]!, chain[3]!];
  X = await f.makeShopper({ cash: 1_000_000, credit: 500_000 });
  Y = await f.makeShopper({ cash: 1_000_000, referrerId: X });
  await named(A, "王芳");
  await named(B, "李雷");
  await named(C, "韩梅梅");
  await named(D, "张伟");
  await named(Y, "赵敏");
  for (const u of [A, B, C, X]) await f.setPromoterValidUntil(u, new Date(clock.now().getTime() + 60 * 86_400_000));

  // Group draws: N = 2, K = 1, so every pair closes a group; the winner's L1/L2 get a credit release.
  activity = await f.makeActivity({ priceFen: 1000, groupSize: 2, winners: 1, fullConfig: bareConfig({ referral: { L1: { on: true, mode: "fixed", amountFen: 300 }, L2: { on: true, mode: "fixed", amountFen: 200 } } }) });
  for (let i = 0; i < 4; i++) {
    await f.fillAndDraw(activity, [B, C]);
    await f.fillAndDraw(activity, [D, Y]);
  }

  // Store orders: B and C buy (commission held for A), one is refunded in part, time passes, some are paid.
  const product = await createProduct(t.db, clock, { priceFen: 10_000, stock: 100 });
  const buy = async (userId: string) => {
    const address = await createAddress(t.db, clock, userId);
    return checkout(t.db, clock, { userId, lines: [{ productId: product.id, quantity: 1 }], addressId: address.id, voucherFen: 0, payWith: "cash" });
  };
  const first = await buy(B);
  await buy(C);
  await buy(Y);
  const finance = await staffActor(t.db, "finance");
  await t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId: first.id, refundId: randomUUID(), amountFen: 4_000, note: "少发一件" }));
  clock.advance(8 * 86_400_000);
  await releaseDueCommissions(t.db, clock);
  await buy(B); // held still

  // Ad cash-outs by B and C: A gets the ads commission, L1 and L2.
  const advertiser = await createAdvertiser(t.db, clock, 1_000_00);
  await createCampaign(t.db, clock, advertiser, { pricePerViewFen: 50 });
  for (const u of [B, C, Y]) {
    await fund(t.db, clock, u, "mallPoints", 500);
    await watchSet(t.db, clock, u);
  }
});
afterAll(() => t.drop());

describe("downline", () => {
  it("level 1 is who I invited, level 2 who they invited, never deeper; names masked", async () => {
    const centre = await readReferralCentre(t.db, clock, A);
    expect(centre.downline).toEqual({ l1: 1, l2: 1 });
    const l1 = await listDownline(t.db, { userId: A, level: 1, limit: 20 });
    const l2 = await listDownline(t.db, { userId: A, level: 2, limit: 20 });
    expect(l1.items.map((m) => [m.id, m.name, m.via])).toEqual([[B, "李*", null]]);
    expect(l2.items.map((m) => [m.id, m.name, m.via])).toEqual([[C, "韩*梅", "李*"]]);
    // D is A's level 3: nowhere in A's centre.
    expect(JSON.stringify([centre, l1, l2, await allEarnings(A)])).not.toContain(D);
  });

  it("pages by join time with a cursor, no member skipped or repeated", async () => {
    const friends = [];
    for (let i = 0; i < 5; i++) friends.push(await f.makeShopper({ referrerId: X }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDownline(t.db, { userId: X, level: 1, cursor, limit: 2 });
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([Y, ...friends].sort());
  });
});

describe("earnings equal the ledger", () => {
  it("paid by kind and level, held and clawed back: each figure is the ledger's sum", async () => {
    const { earnings } = await readReferralCentre(t.db, clock, A);
    const paid = await ledgerPaid(A);
    const byReason = (r: string) => paid[r] ?? 0;
    expect(earnings.paidFen).toEqual({
      release: { l1: byReason("draw.R-L1.cash"), l2: byReason("draw.R-L2.cash") },
      ads: { l1: byReason("ads.commission.L1"), l2: byReason("ads.commission.L2") },
      store: { l1: byReason("store.commission.L1"), l2: byReason("store.commission.L2") },
    });
    expect(earnings.totalPaidFen).toBe(Object.values(paid).reduce((s, v) => s + v, 0));
    const { held, clawed } = await ledgerHeld(A);
    expect(earnings.storeHeldFen.l1 + earnings.storeHeldFen.l2).toBe(held);
    expect(earnings.storeClawedBackFen.l1 + earnings.storeClawedBackFen.l2).toBe(clawed);
    // Every kind really happened in this scenario (a sum of nothing equals nothing, and proves nothing).
    expect(earnings.paidFen.release.l1 + earnings.paidFen.release.l2).toBeGreaterThan(0);
    expect(earnings.paidFen.ads.l1).toBeGreaterThan(0);
    expect(earnings.paidFen.ads.l2).toBeGreaterThan(0);
    expect(earnings.paidFen.store.l1).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(0);
    expect(clawed).toBeGreaterThan(0);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("the history pages through every paid entry and every held commission once; its paid lines sum to the total", async () => {
    const items = await allEarnings(A);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((a, b) => b - a));
    const { earnings } = await readReferralCentre(t.db, clock, A);
    expect(items.filter((i) => i.stage === "paid").reduce((s, i) => s + i.amountFen, 0)).toBe(earnings.totalPaidFen);
    const [commissionCount] = await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM commissions WHERE beneficiary_id = ${A}`);
    expect(items.filter((i) => i.stage !== "paid")).toHaveLength(Number(commissionCount!.n));
    expect(new Set(items.map((i) => i.member))).toEqual(new Set(["李*", "韩*梅"]));
    expect(items.some((i) => i.kind === "release" && i.activityName === "测试活动")).toBe(true);
    expect(items.some((i) => i.stage === "held")).toBe(true);
    expect(items.some((i) => i.stage === "released" && i.clawedBackFen > 0)).toBe(true);
  });

  it("another promoter's centre holds only their own downline and money", async () => {
    const mine = JSON.stringify(await allEarnings(X));
    const centre = await readReferralCentre(t.db, clock, X);
    expect(centre.downline.l2).toBe(0);
    expect((await allEarnings(X)).every((i) => i.member === "赵*")).toBe(true);
    for (const other of ["李*", "韩*梅", "张*"]) expect(mine).not.toContain(other);
    const paid = await ledgerPaid(X);
    expect(centre.earnings.totalPaidFen).toBe(Object.values(paid).reduce((s, v) => s + v, 0));
  });

  it("through the API, a shopper reads their own centre only (the session decides whose)", async () => {
    const asA = callerFor(t.db, clock, { id: A, role: "shopper" });
    const asX = callerFor(t.db, clock, { id: X, role: "shopper" });
    expect((await asA.referrals.centre()).earnings).toEqual((await readReferralCentre(t.db, clock, A)).earnings);
    expect((await asX.referrals.downline({ level: 1 })).items.map((m) => m.name)).not.toContain("李*");
    expect((await asA.referrals.earnings({ limit: 50 })).items.length).toBeGreaterThan(0);
  });
});

describe("promoter validity and what a lapsed promoter misses", () => {
  it("a valid promoter: valid until the stored date; joining today shows as extended", async () => {
    const centre = await readReferralCentre(t.db, clock, B);
    expect(centre.promoter.valid).toBe(true);
    expect(centre.promoter.enteredToday).toBe(false);
    expect(centre.hasReferrer).toBe(true);
  });

  it("while lapsed, my downline's ad cash-outs and purchases pay me nothing, and the centre counts them at the current ratios", async () => {
    const lapsed = await f.makeShopper({ credit: 10_000 });
    await f.setPromoterValidUntil(lapsed, new Date(clock.now().getTime() - 1000));
    const friend = await f.makeShopper({ cash: 100_000, referrerId: lapsed });
    const friendOfFriend = await f.makeShopper({ cash: 100_000, referrerId: friend });
    await fund(t.db, clock, friend, "mallPoints", 500);
    const before = (await readReferralCentre(t.db, clock, lapsed)).missed;
    expect(before.totalFen).toBe(0);

    await watchSet(t.db, clock, friend);
    const product = await createProduct(t.db, clock, { priceFen: 5_000, stock: 10 });
    const address = await createAddress(t.db, clock, friendOfFriend);
    await checkout(t.db, clock, { userId: friendOfFriend, lines: [{ productId: product.id, quantity: 1 }], addressId: address.id, voucherFen: 0, payWith: "cash" });

    const centre = await readReferralCentre(t.db, clock, lapsed);
    expect(centre.promoter.valid).toBe(false);
    expect(centre.earnings.totalPaidFen).toBe(0);
    const ads = await readSetting(t.db, "ads");
    const store = await readSetting(t.db, "store");
    const [set] = await t.db.execute<{ reward_fen: string }>(sql`SELECT reward_fen FROM ad_sets WHERE user_id = ${friend} AND status = 'completed'`);
    expect(centre.missed.ads).toEqual({ count: 1, fen: applyRatioBp(Number(set!.reward_fen), ads.commissionL1Bp) });
    expect(centre.missed.store).toEqual({ count: 1, fen: applyRatioBp(5_000, store.commissionL2Bp) });
    expect(centre.missed.totalFen).toBe(centre.missed.ads.fen + centre.missed.store.fen + centre.missed.release.fen);
    // A's downline earned A everything while A was valid: nothing missed from the ads and store kinds.
    const a = (await readReferralCentre(t.db, clock, A)).missed;
    expect([a.ads.count, a.store.count]).toEqual([0, 0]);
  });

  it("reason map covers exactly the ledger reasons that pay a referrer", () => {
    expect(Object.keys(PAID_REASONS).sort()).toEqual(["ads.commission.L1", "ads.commission.L2", "draw.R-L1.cash", "draw.R-L2.cash", "store.commission.L1", "store.commission.L2"]);
  });
});

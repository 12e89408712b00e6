/**
 * The output schemas of the procedures that return money (server/api/outputs/): a real answer of
 * each passes through its schema unchanged, and a figure that is not an integer (a float, a string)
 * is refused, so it never reaches a page. The router tests of orders, referrals, the dashboard and
 * ads exercise the others with real data; these are the ones nothing else calls through the router.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { AdViewOutcomeOutput } from "@/server/api/outputs/ads";
import { ReconciliationOutput } from "@/server/api/outputs/dashboard";
import { ReferralEarningsOutput } from "@/server/api/outputs/referrals";
import { QuoteOutput, StoreWalletOutput } from "@/server/api/outputs/store";
import { callerFor } from "../helpers/api-caller";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createAdvertiser, createCampaign, createWatcher, setAdSettings } from "../ads/fixtures";
import { createBuyer, createProduct } from "../store/fixtures";

let t: TestDb;
const clock = new FixedClock("2026-12-01T04:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe("money output schemas", () => {
  it("the cart's quote and the store wallet come through their schemas", async () => {
    const product = await createProduct(t.db, clock, { priceFen: 12_34, stock: 3, images: ["/store/cup.svg"] });
    const buyer = await createBuyer(t.db, clock, { cashFen: 50_00, voucherFen: 5_00 });
    const shopper = callerFor(t.db, clock, { id: buyer.id, role: "shopper" });
    const quote = await shopper.store.quote({ lines: [{ productId: product.id, quantity: 2 }] });
    expect(quote).toEqual({ items: [{ productId: product.id, quantity: 2, name: product.name, imageUrl: "/store/cup.svg", priceFen: 12_34, stock: 3, onSale: true, available: true }], totalFen: 24_68 });
    expect(await shopper.store.wallet()).toEqual({ cashFen: 50_00, voucherFen: 5_00, mallPoints: 0, divPoints: 0, commission: { heldFen: 0, paidFen: 0 } });
  });

  it("an ad set's completion reports what it paid through its schema", async () => {
    await setAdSettings(t.db, clock, { viewsPerSet: 1, tiers: [{ minPoints: 1, rewardFen: 150, pointsCost: 1 }] });
    await createCampaign(t.db, clock, await createAdvertiser(t.db, clock, 100_00));
    const userId = await createWatcher(t.db, clock, 10);
    const watcher = callerFor(t.db, clock, { id: userId, role: "shopper" });
    const { setId } = await watcher.ads.startSet();
    const view = await watcher.ads.openView({ setId });
    clock.advance(view.durationSeconds * 1000);
    expect(await watcher.ads.completeView({ viewId: view.viewId, nonce: view.nonce })).toEqual({ viewsDone: 1, viewsRequired: 1, reward: { rewardFen: 150, pointsSpent: 1, commissionFen: 0 } });
    expect((await watcher.ads.page()).history).toMatchObject([{ rewardFen: 150, pointsSpent: 1 }]);
  });

  it("refuses a fraction or a string where integer fen belong", () => {
    expect(QuoteOutput.safeParse({ items: [], totalFen: 10.5 }).success).toBe(false);
    expect(StoreWalletOutput.safeParse({ cashFen: "100", voucherFen: 0, mallPoints: 0, divPoints: 0, commission: { heldFen: 0, paidFen: 0 } }).success).toBe(false);
    expect(AdViewOutcomeOutput.safeParse({ viewsDone: 1, viewsRequired: 1, reward: { rewardFen: 1.25, pointsSpent: 1, commissionFen: 0 } }).success).toBe(false);
    const earning = { id: 1, kind: "store", level: 1, stage: "held", amountFen: 100, clawedBackFen: 0, releaseAt: null, member: "张*明", activityName: null, createdAt: new Date() };
    expect(ReferralEarningsOutput.safeParse({ items: [earning], nextCursor: null }).success).toBe(true);
    expect(ReferralEarningsOutput.safeParse({ items: [{ ...earning, amountFen: 0.1 }], nextCursor: null }).success).toBe(false);
    const cash = { topupsFen: 0, otherInFen: 0, withdrawalsPaidFen: 0, netInFen: 0, heldFen: 0, differenceFen: Number.MAX_SAFE_INTEGER + 2 };
    expect(ReconciliationOutput.safeParse({ assets: [], cash, ok: true, at: new Date() }).success).toBe(false);
  });
});

/**
 * Property (spec §9, §10, §8): whatever joins, draws, dissolved groups, store orders and refunds,
 * top-ups, withdrawals (paid or returned), daily dividends and nightly snapshots happen, across
 * midnights, every figure the dashboard shows for every day of its range, and every outstanding
 * liability (today's and each day's end in the trend), equals what plain SQL sums over
 * ledger_entries (and counts over the business tables) give; and the reconciliation balances.
 *
 * Each run starts 100 days after the previous one (snapshots are cumulative, as in production, so
 * runs must move forward in time); the dashboard covers the whole database.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { readDashboard } from "@/server/domain/dashboard/read-dashboard";
import { reconcileNow } from "@/server/domain/dashboard/reconcile-now";
import { resolveDashboardRange } from "@/server/domain/dashboard/dashboard-range";
import { takeDashboardSnapshots } from "@/server/domain/dashboard/take-snapshots";
import { dissolveExpiredGroups } from "@/server/domain/groups/dissolve-expired-groups";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { businessDayBounds } from "@/server/domain/shared/business-day";
import { isDomainError } from "@/server/domain/shared/errors";
import { runDailyDividend } from "@/server/domain/settlement/daily-dividend";
import { previousBusinessDay } from "@/server/domain/settlement/previous-business-day";
import { refundOrder } from "@/server/domain/store/refund-order";
import { applyGatewayWebhook } from "@/server/domain/wallet/apply-gateway-webhook";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { decideWithdrawal } from "@/server/domain/wallet/decide-withdrawal";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import { requestWithdrawal } from "@/server/domain/wallet/request-withdrawal";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { groupFixtures } from "../helpers/group-fixtures";
import { checkout, createAddress, createProduct } from "../store/fixtures";
import { ledgerFiguresOfDay, ledgerLiabilities } from "./ledger-truth";
import { aDestination } from "../helpers/payout-fixtures";
import { payOutThroughSandbox } from "@/server/payouts/sandbox-drive";

const SECRET = "dashboard-property-secret";
const HOUR = 3_600_000;
// 10:00 in Shanghai; run n starts n × 100 days later.
const BASE = Date.parse("2027-03-01T02:00:00Z");
const SHOPPERS = 4;

let t: TestDb;
let finance: { id: string; role: string; ip: string };
beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance", ip: "127.0.0.1" };
});
afterAll(() => t?.drop());

type Command =
  | { kind: "join"; shopper: number; count: number }
  | { kind: "advance"; hours: number }
  | { kind: "topup"; shopper: number; amountFen: number }
  | { kind: "withdraw"; shopper: number; amountFen: number; approve: boolean }
  | { kind: "order"; shopper: number; refundFen: number }
  | { kind: "dissolve" }
  | { kind: "settle" }
  | { kind: "snapshot" };

const shopper = fc.integer({ min: 0, max: SHOPPERS - 1 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ shopper, count: fc.integer({ min: 1, max: 3 }) }).map((c) => ({ kind: "join" as const, ...c })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map((hours) => ({ kind: "advance" as const, hours })) },
  { weight: 2, arbitrary: fc.record({ shopper, amountFen: fc.integer({ min: 100, max: 50_000 }) }).map((c) => ({ kind: "topup" as const, ...c })) },
  { weight: 2, arbitrary: fc.record({ shopper, amountFen: fc.integer({ min: 1_000, max: 20_000 }), approve: fc.boolean() }).map((c) => ({ kind: "withdraw" as const, ...c })) },
  { weight: 2, arbitrary: fc.record({ shopper, refundFen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 })) }).map((c) => ({ kind: "order" as const, ...c })) },
  { weight: 1, arbitrary: fc.constant({ kind: "dissolve" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "settle" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "snapshot" as const }) },
);

const seen = { runs: 0, joins: 0, drawn: 0, dissolved: 0, orders: 0, refunds: 0, topups: 0, withdrawals: 0, settled: 0, snapshots: 0, liveDays: 0, storedDays: 0 };
let run = 0;

/** Ignores the domain's refusals (no cash, seat limit, day not over, …): the property is about what did happen. */
async function tolerate(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (isDomainError(e)) return false;
    throw e;
  }
}

async function expectDashboardMatchesLedger(clock: FixedClock, when: string): Promise<void> {
  // The presets, and the longest custom range: it reaches back over the days before the run (and,
  // in the first run, before the first snapshot), so snapshotted and live days interleave.
  const today = resolveDashboardRange(clock.now(), "today").to;
  const longest = { from: new Date(Date.parse(`${today}T12:00:00Z`) - 91 * 24 * HOUR).toISOString().slice(0, 10), to: today };
  for (const range of ["today", "7d", "30d", "custom"] as const) {
    const d = await t.db.transaction((tx) => readDashboard(tx, clock, range === "custom" ? longest : resolveDashboardRange(clock.now(), range)));
    for (const day of d.days) {
      const truth = await ledgerFiguresOfDay(t.db, day.day);
      expect(day.figures, `${when} ${range} ${day.day}`).toMatchObject(truth);
      if (day.live) seen.liveDays++;
      else seen.storedDays++;
    }
    const totalEntries = d.days.reduce((s, x) => s + x.figures.entries, 0);
    expect(d.totals.entries, when).toBe(totalEntries);
    expect(d.liabilities.now, `${when} liabilities now`).toEqual(await ledgerLiabilities(t.db, null));
    for (const point of d.liabilities.trend.filter((p) => p.values !== null).slice(-10)) {
      expect(point.values, `${when} liabilities at the end of ${point.day}`).toEqual(await ledgerLiabilities(t.db, businessDayBounds(point.day)!.end));
    }
    if (d.reconciliation) expect(d.reconciliation.ok, `${when} stored reconciliation`).toBe(true);
  }
  const now = await t.db.transaction((tx) => reconcileNow(tx, clock), { isolationLevel: "repeatable read" });
  expect(now.ok, `${when} reconciliation ${JSON.stringify(now)}`).toBe(true);
}

describe("dashboard figures equal the ledger (property)", () => {
  it("holds for random activity across days, with and without snapshots", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 10, maxLength: 45 }), async (commands) => {
        seen.runs++;
        const clock = new FixedClock(new Date(BASE + run++ * 100 * 24 * HOUR));
        const fx = groupFixtures(t.db, clock);
        const activity = await fx.makeActivity({ groupSize: 3, winners: 1, items: ["voucher", "product"], config: { timeoutSeconds: 3 * 3600 } });
        const chain = await fx.makeReferrerChain(2, () => ({ cash: 20_000, credit: 5_000 }));
        const shoppers = [...chain, ...(await fx.makeShoppers(SHOPPERS - 2, { cash: 20_000, credit: 5_000 }))];
        for (const s of shoppers) await fx.setPromoterValidUntil(s, new Date(clock.now().getTime() + 400 * 24 * HOUR));
        const product = await createProduct(t.db, clock, { priceFen: 3_000, stock: 1_000 });
        const addresses = await Promise.all(shoppers.map((s) => createAddress(t.db, clock, s)));
        const destinations = await Promise.all(shoppers.map((s) => aDestination(t.db, clock, s)));

        for (const c of commands) {
          switch (c.kind) {
            case "join":
              for (let i = 0; i < c.count; i++) {
                const who = (c.shopper + i) % SHOPPERS;
                if (await tolerate(() => fx.join(activity, shoppers[who]!, { itemId: activity.itemIds[who % 2] }))) seen.joins++;
              }
              seen.drawn += (await fx.drawAll(activity.id)).length;
              break;
            case "advance":
              clock.advance(c.hours * HOUR);
              break;
            case "topup": {
              const order = await t.db.transaction((tx) => createTopup(tx, clock, { userId: shoppers[c.shopper]!, amountFen: c.amountFen }));
              const rawBody = JSON.stringify({ type: "payment.captured", txnId: `txn-${randomUUID()}`, orderId: order.id, amountFen: c.amountFen, currency: "CNY" });
              await t.db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SECRET, rawBody, signatureHeader: signWebhook(SECRET, rawBody, Math.floor(clock.now().getTime() / 1000)) }));
              seen.topups++;
              break;
            }
            case "withdraw":
              await tolerate(async () => {
                const w = await t.db.transaction((tx) => requestWithdrawal(tx, clock, { userId: shoppers[c.shopper]!, amountFen: c.amountFen, destinationId: destinations[c.shopper]!, clientKey: randomUUID() }));
                // Approved ones are paid out, or fail at the provider (every third), through the sandbox.
                if (c.approve) await payOutThroughSandbox(t.db, clock, finance, w.id, c.amountFen % 3 === 0 ? "failed" : "succeeded");
                else await t.db.transaction((tx) => decideWithdrawal(tx, clock, finance, { withdrawalId: w.id, decision: "reject", note: "property" }, { payoutProviders: [] }));
                seen.withdrawals++;
              });
              break;
            case "order":
              await tolerate(async () => {
                const placed = await checkout(t.db, clock, { userId: shoppers[c.shopper]!, lines: [{ productId: product.id, quantity: 1 }], addressId: addresses[c.shopper]!.id, voucherFen: 0, payWith: "cash" });
                seen.orders++;
                if (c.refundFen > 0 && (await tolerate(() => t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId: placed.id, refundId: randomUUID(), amountFen: c.refundFen, note: "property" }))))) seen.refunds++;
              });
              break;
            case "dissolve":
              seen.dissolved += await dissolveExpiredGroups(t.db, clock);
              break;
            case "settle":
              if (await tolerate(() => runDailyDividend(t.db, clock, { day: previousBusinessDay(clock.now()) }))) seen.settled++;
              break;
            case "snapshot":
              seen.snapshots += (await takeDashboardSnapshots(t.db, clock)).written.length;
              break;
          }
        }
        expect(await checkLedgerInvariants(t.db)).toEqual([]);
        await expectDashboardMatchesLedger(clock, "before the snapshot");
        // The nightly job at the next midnight: the same figures, now from the snapshot.
        clock.set(businessDayBounds(previousBusinessDay(new Date(clock.now().getTime() + 24 * HOUR)))!.end);
        seen.snapshots += (await takeDashboardSnapshots(t.db, clock)).written.length;
        await expectDashboardMatchesLedger(clock, "after the snapshot");
      }),
      { numRuns: 8 },
    );
    console.log("[dashboard property]", JSON.stringify(seen));
    for (const k of ["joins", "drawn", "orders", "topups", "withdrawals", "snapshots", "liveDays", "storedDays"] as const) expect(seen[k], k).toBeGreaterThan(0);
  }, 600_000);
});

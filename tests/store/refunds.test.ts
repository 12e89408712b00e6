import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { auditLog, commissions, orders } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, postTransfers, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { releaseDueCommissions } from "@/server/domain/store/release-commissions";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { paidOrderWithReferrers } from "./fixtures";

let t: TestDb;
const clock = new FixedClock("2026-11-25T04:00:00Z");
let finance: { id: string; role: "finance" };
let operator: { id: string; role: "operator" };
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance" };
  operator = { id: (await createUser(t.db, { role: "operator" })).id, role: "operator" };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const balances = (userId: string) => readUserBalances(t.db, userId);
const orderRow = async (id: string) => (await t.db.select().from(orders).where(eq(orders.id, id)))[0]!;
const commissionsOf = (orderId: string) => t.db.select().from(commissions).where(eq(commissions.orderId, orderId)).orderBy(commissions.level);

const paidOrder = (c = clock) => paidOrderWithReferrers(t.db, c);

describe("refunds", () => {
  it("partial then full: each source gets back its share, points and held commission shrink, never above paid", async () => {
    const { order, buyer } = await paidOrder();
    const fin = callerFor(t.db, clock, finance, { ip: "198.51.100.9" });
    expect(await balances(buyer.id)).toMatchObject({ cash: 0, voucher: 0, mallPoints: 70 });
    expect((await commissionsOf(order.id)).map((c) => c.amountFen)).toEqual([210, 70]);

    const r1 = await fin.admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 4_000, note: "少发一件" });
    expect(r1).toMatchObject({ cashFen: 2_800, voucherFen: 1_200, points: 28, status: "paid" });
    expect(await balances(buyer.id)).toMatchObject({ cash: 2_800, voucher: 1_200, mallPoints: 42 });
    expect((await commissionsOf(order.id)).map((c) => [c.amountFen - c.clawedBackFen, c.status])).toEqual([
      [126, "held"],
      [42, "held"],
    ]);

    const over = await catchTrpc(() => fin.admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 6_001, note: "x" }));
    expect(over).toMatchObject({ trpcCode: "BAD_REQUEST", domainCode: "REFUND_EXCEEDS_PAID" });
    expect(over.message).toContain("60.00");

    const r2 = await fin.admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 6_000, note: "全部退款" });
    expect(r2).toMatchObject({ cashFen: 4_200, voucherFen: 1_800, status: "refunded" });
    expect(await balances(buyer.id)).toMatchObject({ cash: 7_000, voucher: 3_000, mallPoints: 0 });
    expect(await orderRow(order.id)).toMatchObject({ status: "refunded", refundedCashFen: 7_000, refundedVoucherFen: 3_000 });
    expect((await commissionsOf(order.id)).map((c) => c.status)).toEqual(["clawed_back", "clawed_back"]);
    expect((await catchTrpc(() => fin.admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 1, note: "x" }))).domainCode).toBe("REFUND_EXCEEDS_PAID");
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "order.refund"), eq(auditLog.targetId, order.id)));
    expect(audits).toHaveLength(2);
  });

  it("points already spent are taken back only as far as the buyer still holds them; the refund still goes through", async () => {
    const { order, buyer } = await paidOrder();
    // 70 points earned; the buyer spends 60 of them elsewhere.
    await t.db.transaction((tx) =>
      postTransfers(tx, clock, [{ key: `spend:${order.id}`, asset: "mallPoints", from: { userId: buyer.id }, to: { platform: "store_revenue" }, amount: 60, reason: "test.spend", ref: { type: "test", id: order.id } }]),
    );
    const r = await callerFor(t.db, clock, finance).admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 10_000, note: "全部退款" });
    expect(r).toMatchObject({ cashFen: 7_000, voucherFen: 3_000, points: 10, status: "refunded" });
    expect(await balances(buyer.id)).toMatchObject({ mallPoints: 0, cash: 7_000, voucher: 3_000 });
    expect(await orderRow(order.id)).toMatchObject({ mallPointsEarned: 70, mallPointsClawedBack: 10 });
  });

  it("the same refund id twice refunds once (a double click)", async () => {
    const { order, buyer } = await paidOrder();
    const fin = callerFor(t.db, clock, finance);
    const refundId = randomUUID();
    await fin.admin.orders.refund({ id: order.id, refundId, amountFen: 1_000, note: "重复点击" });
    const again = await fin.admin.orders.refund({ id: order.id, refundId, amountFen: 1_000, note: "重复点击" });
    expect(again.replayed).toBe(true);
    expect((await balances(buyer.id)).cash + (await balances(buyer.id)).voucher).toBe(1_000);
    expect(await orderRow(order.id)).toMatchObject({ refundCount: 1 });
  });

  it("an operator cannot refund (finance can); the refused call changes nothing", async () => {
    const { order, buyer } = await paidOrder();
    const err = await catchTrpc(() => callerFor(t.db, clock, operator).admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 100, note: "x" }));
    expect(err.trpcCode).toBe("FORBIDDEN");
    expect(await balances(buyer.id)).toMatchObject({ cash: 0, voucher: 0 });
  });

  it("a shopper cancels before shipping: everything back, stock back, commission clawed back; not after shipping", async () => {
    const { order, buyer } = await paidOrder();
    const me = callerFor(t.db, clock, { id: buyer.id, role: "shopper" });
    await me.store.cancel({ id: order.id });
    expect(await balances(buyer.id)).toMatchObject({ cash: 7_000, voucher: 3_000, mallPoints: 0 });
    expect((await commissionsOf(order.id)).map((c) => c.status)).toEqual(["clawed_back", "clawed_back"]);
    expect((await me.store.order({ id: order.id })).events.map((e) => e.kind)).toEqual(["created", "paid", "refund", "cancelled"]);
    await me.store.cancel({ id: order.id }); // again: no-op

    const second = await paidOrder();
    await callerFor(t.db, clock, operator).admin.orders.ship({ id: second.order.id, carrier: "顺丰速运", trackingNo: "SF1400000001" });
    const err = await catchTrpc(() => callerFor(t.db, clock, { id: second.buyer.id, role: "shopper" }).store.cancel({ id: second.order.id }));
    expect(err).toMatchObject({ trpcCode: "CONFLICT", domainCode: "ORDER_WRONG_STATUS" });
    expect(err.message).toBe("订单已发货，不能进行此操作");
  });
});

describe("referral commission release", () => {
  it("is paid after 7 days, once; a refund after that claws nothing back", async () => {
    const c = new FixedClock(clock.now());
    const { order, l1, l2 } = await paidOrder(c);
    c.advance(7 * DAY - 1);
    await releaseDueCommissions(t.db, c);
    expect((await balances(l1)).cash).toBe(0);
    c.advance(1);
    expect(await releaseDueCommissions(t.db, c)).toBeGreaterThanOrEqual(2);
    expect(await releaseDueCommissions(t.db, c)).toBe(0);
    expect([(await balances(l1)).cash, (await balances(l2)).cash]).toEqual([210, 70]);
    const holdBefore = await readPlatformBalance(t.db, "commission_hold", "cash");
    await callerFor(t.db, c, finance).admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 10_000, note: "售后" });
    expect([(await balances(l1)).cash, (await balances(l2)).cash]).toEqual([210, 70]);
    expect(await readPlatformBalance(t.db, "commission_hold", "cash")).toBe(holdBefore);
    expect((await commissionsOf(order.id)).map((x) => x.status)).toEqual(["released", "released"]);
  });

  it("releases only what is left after a partial clawback inside the window", async () => {
    const c = new FixedClock(clock.now());
    const { order, l1, l2 } = await paidOrder(c);
    c.advance(3 * DAY);
    await callerFor(t.db, c, finance).admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen: 5_000, note: "部分退款" });
    c.advance(4 * DAY);
    await releaseDueCommissions(t.db, c);
    expect([(await balances(l1)).cash, (await balances(l2)).cash]).toEqual([105, 35]);
  });

  it("property: any sequence of partial refunds keeps the ledger balanced and never returns more than was paid", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 12_000 }), { minLength: 1, maxLength: 5 }), async (asks) => {
        const { order, buyer } = await paidOrder();
        const fin = callerFor(t.db, clock, finance);
        for (const amountFen of asks) await fin.admin.orders.refund({ id: order.id, refundId: randomUUID(), amountFen, note: "prop" }).catch(() => null);
        const row = await orderRow(order.id);
        const b = await balances(buyer.id);
        expect(row.refundedCashFen).toBeLessThanOrEqual(7_000);
        expect(row.refundedVoucherFen).toBeLessThanOrEqual(3_000);
        expect(b.cash).toBe(row.refundedCashFen);
        expect(b.voucher).toBe(row.refundedVoucherFen);
        const cs = await commissionsOf(order.id);
        expect(cs[0]!.amountFen - cs[0]!.clawedBackFen).toBe(Math.floor(((7_000 - row.refundedCashFen) * 300) / 10_000));
        expect(await checkLedgerInvariants(t.db)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});

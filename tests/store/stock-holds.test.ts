import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { orders, products, settings } from "@/db/schema";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { readSetting, SETTING_DEFAULTS } from "@/server/domain/settings/platform-settings";
import { placeOrder } from "@/server/domain/store/place-order";
import { expirePendingOrders } from "@/server/domain/store/release-commissions";
import { translateError } from "@/server/i18n/translate-error";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { checkout, createBuyer, createProduct } from "./fixtures";

/**
 * Stock hoarding (SECURITY.md): a shopper with no money who checks out every unit through the
 * gateway and never pays holds them only for a short while (10 minutes by default), and can have
 * only a few unpaid orders at once (3), so the others are not shut out.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ max: 10 });
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const stockOf = async (id: string) => (await t.db.select({ s: products.stock }).from(products).where(eq(products.id, id)))[0]!.s;
const code = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)));
const pendingOf = async (userId: string) => (await t.db.select().from(orders).where(and(eq(orders.userId, userId), eq(orders.status, "pending_payment")))).length;

describe("stock held by unpaid gateway orders", () => {
  it("the defaults: 10 minutes, 3 unpaid orders; a stored setting from before the cap keeps its values", async () => {
    expect(SETTING_DEFAULTS.store).toMatchObject({ pendingPaymentMinutes: 10, maxUnpaidOrders: 3 });
    await t.db.insert(settings).values({ key: "store", value: { mallPointsPerYuanBp: 5_000, commissionL1Bp: 200, commissionL2Bp: 50, commissionHoldDays: 3, pendingPaymentMinutes: 15 }, updatedAt: new Date() });
    expect(await readSetting(t.db, "store")).toEqual({ mallPointsPerYuanBp: 5_000, commissionL1Bp: 200, commissionL2Bp: 50, commissionHoldDays: 3, pendingPaymentMinutes: 15, maxUnpaidOrders: 3 });
    await t.db.delete(settings).where(eq(settings.key, "store"));
  });

  it("a shopper with ¥0 takes every unit and never pays: others see SOLD_OUT for 10 minutes, then buy", async () => {
    const clock = new FixedClock("2026-12-01T04:00:00Z");
    const p = await createProduct(t.db, clock, { priceFen: 9_900, stock: 5 });
    const hoarder = await createBuyer(t.db, clock);
    const buyer = await createBuyer(t.db, clock, { cashFen: 20_000 });
    const held = await checkout(t.db, clock, { userId: hoarder.id, lines: [{ productId: p.id, quantity: 5 }], addressId: hoarder.addressId, voucherFen: 0, payWith: "gateway" });
    expect(held.status).toBe("pending_payment");
    expect(await code(checkout(t.db, clock, { userId: buyer.id, lines: [{ productId: p.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "cash" }))).toBe("SOLD_OUT");

    clock.advance(9 * 60_000 + 59_000);
    expect(await expirePendingOrders(t.db, clock)).toBe(0);
    clock.advance(1_000);
    expect(await expirePendingOrders(t.db, clock)).toBe(1);
    expect(await stockOf(p.id)).toBe(5);
    expect(await code(checkout(t.db, clock, { userId: buyer.id, lines: [{ productId: p.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "cash" }))).toBe("OK");
    expect(await stockOf(p.id)).toBe(4);
  });

  it("a fourth unpaid order is refused, says why and takes nothing; one expiring lets the next through", async () => {
    const clock = new FixedClock("2026-12-01T05:00:00Z");
    const p = await createProduct(t.db, clock, { priceFen: 1_000, stock: 10 });
    const hoarder = await createBuyer(t.db, clock);
    for (let i = 0; i < 3; i++) {
      await checkout(t.db, clock, { userId: hoarder.id, lines: [{ productId: p.id, quantity: 1 }], addressId: hoarder.addressId, voucherFen: 0, payWith: "gateway" });
      clock.advance(60_000);
    }
    const refused = await checkout(t.db, clock, { userId: hoarder.id, lines: [{ productId: p.id, quantity: 1 }], addressId: hoarder.addressId, voucherFen: 0, payWith: "gateway" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "UNPAID_ORDERS_LIMIT", params: { max: 3 } });
    expect(translateError("zh-CN", "UNPAID_ORDERS_LIMIT", (refused as DomainError).params)).toBe("你有 3 笔订单还未付款，请先付款或等待其过期后再下单");
    expect(await stockOf(p.id)).toBe(7);
    expect(await pendingOf(hoarder.id)).toBe(3);
    // The first expires (10 minutes after it was placed): one more may be opened.
    clock.advance(7 * 60_000);
    expect(await expirePendingOrders(t.db, clock)).toBe(1);
    expect(await code(checkout(t.db, clock, { userId: hoarder.id, lines: [{ productId: p.id, quantity: 1 }], addressId: hoarder.addressId, voucherFen: 0, payWith: "gateway" }))).toBe("OK");
  });

  it("six checkouts at once on parallel connections: exactly three are held, the rest refused", async () => {
    const clock = new FixedClock("2026-12-01T06:00:00Z");
    const p = await createProduct(t.db, clock, { priceFen: 1_000, stock: 10 });
    const hoarder = await createBuyer(t.db, clock);
    const pool = createDb(t.url, { max: 6 });
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => code(pool.db.transaction((tx) => placeOrder(tx, clock, { orderId: randomUUID(), userId: hoarder.id, lines: [{ productId: p.id, quantity: 1 }], addressId: hoarder.addressId, voucherFen: 0, payWith: "gateway" })))),
      );
      expect(results.filter((r) => r === "OK")).toHaveLength(3);
      expect(results.filter((r) => r !== "OK").every((r) => r === "UNPAID_ORDERS_LIMIT")).toBe(true);
    } finally {
      await pool.close();
    }
    expect(await pendingOf(hoarder.id)).toBe(3);
    expect(await stockOf(p.id)).toBe(7);
  });

  it("a per-shopper limit counts what the shopper already has (not cancelled orders), is shown on the page's terms, and holds under parallel checkouts", async () => {
    const clock = new FixedClock("2026-12-01T07:00:00Z");
    const p = await createProduct(t.db, clock, { priceFen: 500, stock: 50, maxPerShopper: 2 });
    const b = await createBuyer(t.db, clock, { cashFen: 100_000 });
    const buy = (quantity: number, payWith: "cash" | "gateway" = "cash") => checkout(t.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity }], addressId: b.addressId, voucherFen: 0, payWith });
    const unpaid = await buy(1, "gateway");
    const over = await buy(2).catch((e: unknown) => e);
    expect(over).toMatchObject({ code: "PER_SHOPPER_LIMIT", params: { max: 2, left: 1 } });
    expect(translateError("zh-CN", "PER_SHOPPER_LIMIT", (over as DomainError).params)).toMatch(/每人限购 2 件，你还可以买 1 件$/);
    // The unpaid order expires: it no longer counts.
    clock.advance(10 * 60_000);
    expect(await expirePendingOrders(t.db, clock)).toBeGreaterThanOrEqual(1); // earlier tests' hoards expire too
    expect((await t.db.select().from(orders).where(eq(orders.id, unpaid.id)))[0]?.status).toBe("cancelled");
    expect(await code(buy(2))).toBe("OK");
    expect(await code(buy(1))).toBe("PER_SHOPPER_LIMIT");

    const q = await createProduct(t.db, clock, { priceFen: 500, stock: 50, maxPerShopper: 2 });
    const pool = createDb(t.url, { max: 4 });
    try {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => code(pool.db.transaction((tx) => placeOrder(tx, clock, { orderId: randomUUID(), userId: b.id, lines: [{ productId: q.id, quantity: 1 }], addressId: b.addressId, voucherFen: 0, payWith: "cash" })))),
      );
      expect(results.sort()).toEqual(["OK", "OK", "PER_SHOPPER_LIMIT", "PER_SHOPPER_LIMIT"]);
    } finally {
      await pool.close();
    }
    expect(await stockOf(q.id)).toBe(48);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, mallItems, orders } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { checkLedgerInvariants, readUserBalances } from "@/server/domain/ledger";
import { createPrizeOrders } from "@/server/domain/store/create-prize-orders";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser, fund } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { checkout, createAddress, createBuyer, createMallItem, createProduct, createWonPrize } from "./fixtures";

let t: TestDb;
// The server runs in UTC (vitest env TZ=UTC); the month's days are Asia/Shanghai's.
const clock = new FixedClock("2026-11-25T04:00:00Z");
let operator: { id: string; role: "operator" };
let finance: { id: string; role: "finance" };
let support: { id: string; role: "support" };

beforeAll(async () => {
  t = await createTestDb();
  operator = { id: (await createUser(t.db, { role: "operator" })).id, role: "operator" };
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance" };
  support = { id: (await createUser(t.db, { role: "support" })).id, role: "support" };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const shopper = (id: string, c = clock) => callerFor(t.db, c, { id, role: "shopper" });

describe("points mall", () => {
  it("mall-point items redeem any day: points down, allotment down, an order in the list", async () => {
    const item = await createMallItem(t.db, clock, { asset: "mallPoints", pricePoints: 300, stock: 2 });
    const b = await createBuyer(t.db, clock);
    await fund(t.db, clock, b.id, "mallPoints", 1_000);
    const me = shopper(b.id);
    const orderId = randomUUID();
    const r = await me.store.redeem({ orderId, mallItemId: item.id, quantity: 2, addressId: b.addressId });
    expect(r).toMatchObject({ status: "paid", points: 600 });
    expect(await me.store.redeem({ orderId, mallItemId: item.id, quantity: 2, addressId: b.addressId })).toMatchObject({ id: orderId, points: 600 });
    expect((await readUserBalances(t.db, b.id)).mallPoints).toBe(400);
    expect((await t.db.select().from(mallItems).where(eq(mallItems.id, item.id)))[0]!.stock).toBe(0);
    const sold = await catchTrpc(() => me.store.redeem({ orderId: randomUUID(), mallItemId: item.id, quantity: 1, addressId: b.addressId }));
    expect(sold.domainCode).toBe("SOLD_OUT");
    const list = await me.store.orders({});
    // The page's infinite query adds its paging fields; they must not be refused.
    expect((await me.store.orders({ limit: 10, cursor: null, direction: "forward" } as never)).items).toHaveLength(1);
    expect(list.items.map((o) => [o.kind, o.pointsAsset, o.points])).toEqual([["mall", "mallPoints", 600]]);
    // Not enough points: refused, nothing taken.
    const pricey = await createMallItem(t.db, clock, { pricePoints: 401 });
    expect((await catchTrpc(() => me.store.redeem({ orderId: randomUUID(), mallItemId: pricey.id, quantity: 1, addressId: b.addressId }))).domainCode).toBe("INSUFFICIENT_BALANCE");
    expect((await readUserBalances(t.db, b.id)).mallPoints).toBe(400);
    // Cancelling before shipping gives the points and the allotment back.
    await me.store.cancel({ id: orderId });
    expect((await readUserBalances(t.db, b.id)).mallPoints).toBe(1_000);
    expect((await t.db.select().from(mallItems).where(eq(mallItems.id, item.id)))[0]!.stock).toBe(2);
    // The 退款/取消 tab asks for both statuses; 待发货 no longer lists it.
    expect((await me.store.orders({ statuses: ["refunded", "cancelled"] })).items.map((o) => o.id)).toEqual([orderId]);
    expect((await me.store.orders({ statuses: ["paid"] })).items).toEqual([]);
  });

  it.each([
    // [instant (UTC), allowed] — the business day is Asia/Shanghai (UTC+8)
    ["2026-11-30T16:00:00Z", true], // 12-01 00:00 in Shanghai, still 11-30 in UTC
    ["2026-12-05T15:59:59Z", true], // 12-05 23:59:59 Shanghai
    ["2026-12-05T16:00:00Z", false], // 12-06 00:00 Shanghai, still the 5th in UTC
    ["2026-12-15T04:00:00Z", false],
    ["2026-12-31T15:59:59Z", false],
    ["2026-12-31T16:00:00Z", true], // 2027-01-01 Shanghai
  ] as const)("dividend-point items at %s: redeemable %s", async (at, allowed) => {
    const c = new FixedClock(at);
    const item = await createMallItem(t.db, c, { asset: "divPoints", pricePoints: 100, stock: 5 });
    const b = await createBuyer(t.db, c);
    await fund(t.db, c, b.id, "divPoints", 150);
    const me = shopper(b.id, c);
    expect((await me.store.mall()).divPointsOpen).toBe(allowed);
    const call = () => me.store.redeem({ orderId: randomUUID(), mallItemId: item.id, quantity: 1, addressId: b.addressId });
    if (allowed) {
      await call();
      expect((await readUserBalances(t.db, b.id)).divPoints).toBe(50);
    } else {
      const err = await catchTrpc(call);
      expect(err).toMatchObject({ trpcCode: "CONFLICT", domainCode: "DIV_POINTS_REDEEM_CLOSED" });
      expect(err.message).toBe("分红积分商品仅在每月 1–5 日可兑换");
      expect((await readUserBalances(t.db, b.id)).divPoints).toBe(150);
    }
  });
});

describe("orders: authorization and fulfilment", () => {
  it("a shopper cannot read, cancel, confirm or re-address another's order (NOT_FOUND), nor list it", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 1_000 });
    const owner = await createBuyer(t.db, clock, { cashFen: 5_000 });
    const snoop = await createBuyer(t.db, clock, { cashFen: 5_000 });
    const o = await checkout(t.db, clock, { userId: owner.id, lines: [{ productId: p.id, quantity: 1 }], addressId: owner.addressId, voucherFen: 0, payWith: "cash" });
    const them = shopper(snoop.id);
    for (const call of [
      () => them.store.order({ id: o.id }),
      () => them.store.cancel({ id: o.id }),
      () => them.store.confirmReceipt({ id: o.id }),
      () => them.store.setOrderAddress({ id: o.id, addressId: snoop.addressId }),
    ]) {
      expect(await catchTrpc(call)).toMatchObject({ trpcCode: "NOT_FOUND", domainCode: "NOT_FOUND" });
    }
    expect((await them.store.orders({})).items).toEqual([]);
    expect(await t.db.select({ s: orders.status }).from(orders).where(eq(orders.id, o.id))).toEqual([{ s: "paid" }]);
    // Shoppers have no console access to orders either.
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: snoop.id, role: "shopper" }).admin.orders.get({ id: o.id }))).trpcCode).toBe("FORBIDDEN");
  });

  it("ship with carrier and tracking (validated, audited) → delivered → the shopper confirms receipt; the timeline shows each step", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 2_500 });
    const b = await createBuyer(t.db, clock, { cashFen: 5_000 });
    const o = await checkout(t.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 0, payWith: "cash" });
    const ops = callerFor(t.db, clock, support, { ip: "198.51.100.20" });
    expect((await catchTrpc(() => shopper(b.id).store.confirmReceipt({ id: o.id }))).domainCode).toBe("ORDER_WRONG_STATUS");
    for (const bad of [{ carrier: "", trackingNo: "SF123456" }, { carrier: "顺丰", trackingNo: "x" }, { carrier: "顺丰", trackingNo: "SF 1234<script>" }]) {
      expect((await catchTrpc(() => ops.admin.orders.ship({ id: o.id, ...bad }))).domainCode).toBe("BAD_INPUT");
    }
    await ops.admin.orders.ship({ id: o.id, carrier: "顺丰速运", trackingNo: "SF1400000002" });
    expect((await catchTrpc(() => ops.admin.orders.ship({ id: o.id, carrier: "顺丰速运", trackingNo: "SF1400000003" }))).domainCode).toBe("ORDER_WRONG_STATUS");
    await ops.admin.orders.deliver({ id: o.id });
    await shopper(b.id).store.confirmReceipt({ id: o.id });
    const detail = await shopper(b.id).store.order({ id: o.id });
    expect(detail).toMatchObject({ status: "received", carrier: "顺丰速运", trackingNo: "SF1400000002" });
    expect(detail.events.map((e) => e.kind)).toEqual(["created", "paid", "shipped", "delivered", "received"]);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, o.id), eq(auditLog.ip, "198.51.100.20")));
    expect(audits.map((a) => a.action).sort()).toEqual(["order.deliver", "order.ship"]);
    // The console filters by status and finds it by the buyer's phone or the order id.
    const byStatus = await ops.admin.orders.list({ status: "received" });
    expect(byStatus.items.map((i) => i.id)).toContain(o.id);
    expect((await ops.admin.orders.list({ query: o.id })).items.map((i) => i.id)).toEqual([o.id]);
  });
});

describe("group-draw W-A prizes become orders", () => {
  it("a product prize appears in the winner's order list once, paid, waiting for the winner to confirm an address, and ships like any order", async () => {
    const winner = await createBuyer(t.db, clock);
    const p = await createProduct(t.db, clock, { name: "拼团奖品 耳机", priceFen: 9_900 });
    const { entryId } = await createWonPrize(t.db, clock, { userId: winner.id, itemName: "拼团奖品 耳机", productId: p.id, priceFen: 9_900 });

    // What the draw scheduler (right after the draw) and the job run: reading the list writes nothing.
    expect((await shopper(winner.id).store.orders({})).items).toHaveLength(0);
    expect(await t.db.transaction((tx) => createPrizeOrders(tx, clock))).toBe(1);
    const list = await shopper(winner.id).store.orders({});
    expect(list.items).toHaveLength(1);
    // Not the default address copied unasked: the winner confirms where it goes (their default offered first).
    expect(list.items[0]).toMatchObject({ kind: "prize", status: "paid", prizeEntryId: entryId, address: null, items: [{ name: "拼团奖品 耳机", productId: p.id, quantity: 1 }] });
    await shopper(winner.id).store.setOrderAddress({ id: list.items[0]!.id, addressId: winner.addressId });
    expect(await t.db.transaction((tx) => createPrizeOrders(tx, clock))).toBe(0);
    expect((await shopper(winner.id).store.orders({})).items).toHaveLength(1);
    expect((await catchTrpc(() => shopper(winner.id).store.cancel({ id: list.items[0]!.id }))).domainCode).toBe("ORDER_WRONG_STATUS");
    await callerFor(t.db, clock, operator).admin.orders.ship({ id: list.items[0]!.id, carrier: "中通快递", trackingNo: "ZT7700000001" });
    await shopper(winner.id).store.confirmReceipt({ id: list.items[0]!.id });
  });

  it("a prize for a winner without an address waits for one before it can ship", async () => {
    const u = await createUser(t.db);
    const { entryId } = await createWonPrize(t.db, clock, { userId: u.id, itemName: "无库存奖品" });
    expect(await t.db.transaction((tx) => createPrizeOrders(tx, clock))).toBe(1);
    const [o] = await t.db.select().from(orders).where(eq(orders.prizeEntryId, entryId));
    expect(o!.address).toBeNull();
    const ops = callerFor(t.db, clock, operator);
    expect((await catchTrpc(() => ops.admin.orders.ship({ id: o!.id, carrier: "中通快递", trackingNo: "ZT7700000002" }))).domainCode).toBe("ADDRESS_REQUIRED");
    const addr = await createAddress(t.db, clock, u.id);
    await shopper(u.id).store.setOrderAddress({ id: o!.id, addressId: addr.id });
    await ops.admin.orders.ship({ id: o!.id, carrier: "中通快递", trackingNo: "ZT7700000002" });
  });
});

describe("operator catalog and vouchers", () => {
  it("creates a category and product, adjusts stock (never below zero), and every change is audited", async () => {
    const ops = callerFor(t.db, clock, operator, { ip: "198.51.100.30" });
    const cat = await ops.admin.store.saveCategory({ name: "数码", position: 1, active: true });
    const p = await ops.admin.store.saveProduct({ categoryId: cat.id, name: "蓝牙耳机", description: "降噪", priceFen: 19_900, images: [], onSale: true, initialStock: 3 });
    expect(p).toMatchObject({ stock: 3, onSale: true });
    expect(await ops.admin.store.adjustStock({ productId: p.id, delta: -2 })).toEqual({ stock: 1 });
    const neg = await catchTrpc(() => ops.admin.store.adjustStock({ productId: p.id, delta: -2 }));
    expect(neg).toMatchObject({ domainCode: "STOCK_NEGATIVE" });
    expect(neg.message).toContain("1");
    for (const bad of [{ priceFen: 0 }, { priceFen: -5 }, { name: "" }, { images: ["javascript:alert(1)"] }, { initialStock: -1 }]) {
      expect((await catchTrpc(() => ops.admin.store.saveProduct({ categoryId: cat.id, name: "x", description: "", priceFen: 100, images: [], onSale: true, ...bad }))).trpcCode).toBe("BAD_REQUEST");
    }
    const found = await callerFor(t.db, clock, null).store.products({ query: "蓝牙" });
    expect(found.items.map((i) => i.id)).toEqual([p.id]);
    await ops.admin.store.saveProduct({ id: p.id, categoryId: cat.id, name: "蓝牙耳机", description: "降噪", priceFen: 19_900, images: [], onSale: false });
    expect((await callerFor(t.db, clock, null).store.products({ query: "蓝牙" })).items).toEqual([]);
    expect((await catchTrpc(() => callerFor(t.db, clock, null).store.product({ id: p.id }))).domainCode).toBe("NOT_FOUND");
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.ip, "198.51.100.30"))).map((a) => a.action).sort();
    expect(actions).toEqual(["category.create", "product.create", "product.stock", "product.update"]);
  });

  it("finance grants vouchers once per grant id, with an audit row; support cannot", async () => {
    const b = await createBuyer(t.db, clock);
    const fin = callerFor(t.db, clock, finance, { ip: "198.51.100.31" });
    const grantId = randomUUID();
    await fin.admin.store.grantVoucher({ grantId, userId: b.id, amountFen: 2_000, note: "客诉补偿" });
    await fin.admin.store.grantVoucher({ grantId, userId: b.id, amountFen: 2_000, note: "客诉补偿" });
    expect((await readUserBalances(t.db, b.id)).voucher).toBe(2_000);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.ip, "198.51.100.31"))).map((a) => a.action)).toEqual(["voucher.grant"]);
    expect((await catchTrpc(() => callerFor(t.db, clock, support).admin.store.grantVoucher({ grantId: randomUUID(), userId: b.id, amountFen: 100, note: "x1" }))).trpcCode).toBe("FORBIDDEN");
    for (const amountFen of [0, -100, 1_000_001]) {
      expect((await catchTrpc(() => fin.admin.store.grantVoucher({ grantId: randomUUID(), userId: b.id, amountFen, note: "bad" }))).trpcCode).toBe("BAD_REQUEST");
    }
    expect((await readUserBalances(t.db, b.id)).voucher).toBe(2_000);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { commissions, orders, paymentOrders, products } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, readPlatformBalance, readUserBalances } from "@/server/domain/ledger";
import { applyGatewayWebhook } from "@/server/domain/wallet/apply-gateway-webhook";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import { expirePendingOrders } from "@/server/domain/store/release-commissions";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { checkout, createAddress, createBuyer, createProduct, makePromoter } from "./fixtures";

let t: TestDb;
const clock = new FixedClock("2026-11-25T04:00:00Z");
const SECRET = "whsec_test_0123456789abcdef0123456789abcdef";

beforeAll(async () => {
  t = await createTestDb();
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(() => t.drop());

const balances = (userId: string) => readUserBalances(t.db, userId);
const orderRow = async (id: string) => (await t.db.select().from(orders).where(eq(orders.id, id)))[0]!;
const stockOf = async (id: string) => (await t.db.select({ s: products.stock }).from(products).where(eq(products.id, id)))[0]!.s;
const code = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)));

describe("checkout math", () => {
  it("cash + voucher split: the voucher covers part, cash the rest; 1 mall point per yuan of cash only; stock down", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 12_345, stock: 5 });
    const b = await createBuyer(t.db, clock, { cashFen: 50_000, voucherFen: 5_000 });
    const o = await checkout(t.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 2 }], addressId: b.addressId, voucherFen: 4_000, payWith: "cash" });
    expect(o).toMatchObject({ status: "paid", itemsTotalFen: 24_690, voucherFen: 4_000, cashFen: 20_690 });
    expect(await balances(b.id)).toMatchObject({ cash: 50_000 - 20_690, voucher: 1_000, mallPoints: 206 });
    expect(await stockOf(p.id)).toBe(3);
    const row = await orderRow(o.id);
    expect(row).toMatchObject({ kind: "store", status: "paid", mallPointsEarned: 206, address: { recipient: "王芳" } });
  });

  it("an all-voucher order earns no points and takes no cash", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 3_000 });
    const b = await createBuyer(t.db, clock, { cashFen: 1_000, voucherFen: 3_000 });
    const o = await checkout(t.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 3_000, payWith: "gateway" });
    expect(o).toMatchObject({ status: "paid", cashFen: 0, paymentOrderId: null });
    expect(await balances(b.id)).toMatchObject({ cash: 1_000, voucher: 0, mallPoints: 0 });
  });

  it("commission: L1 and L2 valid promoters get 3% and 1% of the cash part, held; an invalid promoter gets nothing", async () => {
    const l2 = await createUser(t.db);
    const l1 = await createUser(t.db, { referrerId: l2.id });
    await makePromoter(t.db, clock, l1.id);
    await makePromoter(t.db, clock, l2.id);
    const p = await createProduct(t.db, clock, { priceFen: 20_000 });
    const b = await createBuyer(t.db, clock, { cashFen: 100_000, voucherFen: 10_000, referrerId: l1.id });
    const holdBefore = await readPlatformBalance(t.db, "commission_hold", "cash");
    const o = await checkout(t.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 10_000, payWith: "cash" });
    const rows = await t.db.select().from(commissions).where(eq(commissions.orderId, o.id)).orderBy(commissions.level);
    expect(rows.map((r) => [r.beneficiaryId, r.level, r.amountFen, r.status])).toEqual([
      [l1.id, 1, 300, "held"],
      [l2.id, 2, 100, "held"],
    ]);
    expect(rows[0]!.releaseAt.toISOString()).toBe("2026-12-02T04:00:00.000Z");
    expect((await balances(l1.id)).cash).toBe(0); // held, not paid yet
    expect((await readPlatformBalance(t.db, "commission_hold", "cash")) - holdBefore).toBe(400);

    // L1 lapsed as a promoter: only L2 earns.
    const lapsed = await createUser(t.db, { referrerId: l2.id });
    const b2 = await createBuyer(t.db, clock, { cashFen: 100_000, referrerId: lapsed.id });
    const o2 = await checkout(t.db, clock, { userId: b2.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b2.addressId, voucherFen: 0, payWith: "cash" });
    expect((await t.db.select().from(commissions).where(eq(commissions.orderId, o2.id))).map((r) => [r.level, r.amountFen])).toEqual([[2, 200]]);
  });

  it("a retried checkout (same order id) returns the first order and charges once", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 1_000, stock: 5 });
    const b = await createBuyer(t.db, clock, { cashFen: 10_000 });
    const orderId = randomUUID();
    const input = { orderId, userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 0, payWith: "cash" as const };
    const first = await checkout(t.db, clock, input);
    const again = await checkout(t.db, clock, input);
    expect(again).toEqual(first);
    expect((await balances(b.id)).cash).toBe(9_000);
    expect(await stockOf(p.id)).toBe(4);
    // Someone else replaying that order id learns nothing about it.
    const other = await createBuyer(t.db, clock, { cashFen: 10_000 });
    expect(await code(checkout(t.db, clock, { ...input, userId: other.id, addressId: other.addressId }))).toBe("NOT_FOUND");
  });
});

describe("bad input changes nothing", () => {
  it("refuses unknown or off-sale products, someone else's address, a voucher above the total or the balance, too little cash", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 5_000, stock: 3 });
    const off = await createProduct(t.db, clock, { onSale: false });
    const b = await createBuyer(t.db, clock, { cashFen: 4_000, voucherFen: 2_000 });
    const stranger = await createBuyer(t.db, clock);
    const line = [{ productId: p.id, quantity: 1 }];
    const base = { userId: b.id, lines: line, addressId: b.addressId, voucherFen: 0, payWith: "cash" as const };
    expect(await code(checkout(t.db, clock, { ...base, lines: [{ productId: randomUUID(), quantity: 1 }] }))).toBe("PRODUCT_UNAVAILABLE");
    expect(await code(checkout(t.db, clock, { ...base, lines: [{ productId: off.id, quantity: 1 }] }))).toBe("PRODUCT_UNAVAILABLE");
    expect(await code(checkout(t.db, clock, { ...base, addressId: stranger.addressId }))).toBe("ADDRESS_REQUIRED");
    expect(await code(checkout(t.db, clock, { ...base, voucherFen: 5_001 }))).toBe("VOUCHER_EXCEEDS_TOTAL");
    expect(await code(checkout(t.db, clock, { ...base, voucherFen: 2_001 }))).toBe("VOUCHER_INSUFFICIENT");
    expect(await code(checkout(t.db, clock, { ...base, voucherFen: 500 }))).toBe("INSUFFICIENT_BALANCE");
    expect(await code(checkout(t.db, clock, { ...base, lines: [{ productId: p.id, quantity: 4 }] }))).toBe("SOLD_OUT");
    for (const quantity of [0, -1, 100, 1.5]) expect(await code(checkout(t.db, clock, { ...base, lines: [{ productId: p.id, quantity }] }))).toBe("BAD_INPUT");
    expect(await balances(b.id)).toMatchObject({ cash: 4_000, voucher: 2_000, mallPoints: 0 });
    expect(await stockOf(p.id)).toBe(3);
    expect(await t.db.select().from(orders).where(eq(orders.userId, b.id))).toEqual([]);
  });

  it("the API refuses a price, total or user id sent by the client, and huge or negative quantities, translated", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 5_000 });
    const b = await createBuyer(t.db, clock, { cashFen: 100_000 });
    const caller = callerFor(t.db, clock, { id: b.id, role: "shopper" });
    const ok = { orderId: randomUUID(), lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 0, payWith: "cash" as const };
    for (const bad of [
      { ...ok, totalFen: 1 },
      { ...ok, userId: randomUUID() },
      { ...ok, lines: [{ productId: p.id, quantity: 1, priceFen: 1 }] },
      { ...ok, lines: [{ productId: p.id, quantity: -3 }] },
      { ...ok, lines: [{ productId: p.id, quantity: 1e9 }] },
      { ...ok, voucherFen: -1 },
    ]) {
      const err = await catchTrpc(() => caller.store.checkout(bad as typeof ok));
      expect(err.trpcCode).toBe("BAD_REQUEST");
      expect(err.message).toBe("输入有误，请检查后重试");
    }
    const soldOut = await catchTrpc(() => callerFor(t.db, clock, { id: b.id, role: "shopper" }, { locale: "en" }).store.checkout({ ...ok, lines: [{ productId: p.id, quantity: 11 }] }));
    expect(soldOut).toMatchObject({ trpcCode: "CONFLICT", domainCode: "SOLD_OUT" });
    expect(soldOut.message).toContain("sold out");
    expect((await balances(b.id)).cash).toBe(100_000);
    // Staff cannot check out; signed-out visitors neither.
    const staff = await createUser(t.db, { role: "operator" });
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: staff.id, role: "operator" }).store.checkout(ok))).trpcCode).toBe("FORBIDDEN");
    expect((await catchTrpc(() => callerFor(t.db, clock, null).store.checkout(ok))).trpcCode).toBe("UNAUTHORIZED");
  });
});

describe("paying through the sandbox gateway", () => {
  const capture = (paymentOrderId: string, amountFen: number, txnId = `sbx_${randomUUID()}`) => {
    const rawBody = JSON.stringify({ type: "payment.captured", txnId, orderId: paymentOrderId, amountFen, currency: "CNY" });
    return t.db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SECRET, rawBody, signatureHeader: signWebhook(SECRET, rawBody, Math.floor(clock.now().getTime() / 1000)) }));
  };

  it("the order waits for the capture webhook, which pays it once (replays change nothing)", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 8_800, stock: 2 });
    const b = await createBuyer(t.db, clock, { voucherFen: 800 });
    const o = await checkout(t.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 800, payWith: "gateway" });
    expect(o).toMatchObject({ status: "pending_payment", cashFen: 8_000 });
    expect(await stockOf(p.id)).toBe(1); // reserved
    expect(await balances(b.id)).toMatchObject({ voucher: 0, cash: 0 });
    const [po] = await t.db.select().from(paymentOrders).where(eq(paymentOrders.id, o.paymentOrderId!));
    expect(po).toMatchObject({ purpose: "store_order", amountFen: 8_000, status: "pending" });

    const txnId = `sbx_${randomUUID()}`;
    expect((await capture(po!.id, 8_000, txnId)).outcome).toBe("credited");
    expect(await orderRow(o.id)).toMatchObject({ status: "paid", mallPointsEarned: 80 });
    expect(await balances(b.id)).toMatchObject({ cash: 0, voucher: 0, mallPoints: 80 });
    expect((await capture(po!.id, 8_000, txnId)).outcome).toBe("duplicate");
    expect((await capture(po!.id, 8_000)).outcome).toBe("duplicate");
    expect(await balances(b.id)).toMatchObject({ cash: 0, mallPoints: 80 });
  });

  it("an unpaid gateway order expires: stock and voucher come back; a late capture stays as cash", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 5_000, stock: 1 });
    const b = await createBuyer(t.db, clock, { voucherFen: 1_000 });
    const late = new FixedClock(clock.now());
    const o = await checkout(t.db, late, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 1_000, payWith: "gateway" });
    late.advance(9 * 60_000);
    expect(await expirePendingOrders(t.db, late)).toBe(0);
    late.advance(2 * 60_000);
    expect(await expirePendingOrders(t.db, late)).toBe(1);
    expect(await expirePendingOrders(t.db, late)).toBe(0);
    expect(await orderRow(o.id)).toMatchObject({ status: "cancelled", refundedVoucherFen: 1_000 });
    expect(await stockOf(p.id)).toBe(1);
    expect((await balances(b.id)).voucher).toBe(1_000);
    expect((await capture(o.paymentOrderId!, 4_000)).outcome).toBe("credited");
    expect(await orderRow(o.id)).toMatchObject({ status: "cancelled" });
    expect((await balances(b.id)).cash).toBe(4_000);
  });
});

describe("address book", () => {
  it("a shopper edits only their own addresses; one default at a time; phone validated", async () => {
    const a = await createBuyer(t.db, clock);
    const other = await createBuyer(t.db, clock);
    const me = callerFor(t.db, clock, { id: a.id, role: "shopper" });
    const second = await me.store.saveAddress({ recipient: "李雷", phone: "139 0000 1111", region: "北京市 朝阳区", detail: "建国路 1 号", isDefault: true });
    expect(second.phone).toBe("13900001111");
    const list = await me.store.addresses();
    expect(list.map((x) => [x.id, x.isDefault])).toEqual([
      [second.id, true],
      [a.addressId, false],
    ]);
    expect((await catchTrpc(() => me.store.saveAddress({ id: other.addressId, recipient: "x", phone: "13900001111", region: "北京市", detail: "某处 1 号", isDefault: false }))).domainCode).toBe("NOT_FOUND");
    expect((await catchTrpc(() => me.store.deleteAddress({ id: other.addressId }))).domainCode).toBe("NOT_FOUND");
    expect((await catchTrpc(() => me.store.saveAddress({ recipient: "x", phone: "12345", region: "北京市", detail: "某处 1 号", isDefault: false }))).domainCode).toBe("INVALID_PHONE");
    await createAddress(t.db, clock, other.id);
  });
});

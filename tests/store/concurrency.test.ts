/**
 * Races through separate connections (a pool of 12), so the transactions really overlap in
 * PostgreSQL: the last item, a voucher spent from two tabs, a double-submitted checkout.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createDb, type DbHandle } from "@/db/client";
import { orders, products } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, readUserBalances } from "@/server/domain/ledger";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { checkout, createBuyer, createProduct } from "./fixtures";

let t: TestDb;
let pool: DbHandle;
const clock = new FixedClock("2026-11-25T04:00:00Z");

beforeAll(async () => {
  t = await createTestDb();
  const name = new URL(t.url).pathname.slice(1);
  await t.db.execute(sql.raw(`ALTER DATABASE ${name} SET deadlock_timeout = '50ms'`));
  await t.db.execute(sql.raw(`ALTER DATABASE ${name} SET lock_timeout = '20s'`));
  pool = createDb(t.url, { max: 12 });
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(async () => {
  await pool?.close();
  await t.drop();
});

const outcome = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)));

describe("races", () => {
  it("the last item: of 8 buyers at once, exactly one gets it; the others get SOLD_OUT and are charged nothing", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 9_900, stock: 1 });
    const buyers = await Promise.all(Array.from({ length: 8 }, () => createBuyer(t.db, clock, { cashFen: 20_000, voucherFen: 1_000 })));
    const results = await Promise.all(
      buyers.map((b) => outcome(checkout(pool.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 500, payWith: "cash" }))),
    );
    expect(results.filter((r) => r === "OK")).toHaveLength(1);
    expect(results.filter((r) => r === "SOLD_OUT")).toHaveLength(7);
    const [row] = await t.db.select({ stock: products.stock }).from(products).where(eq(products.id, p.id));
    expect(row!.stock).toBe(0);
    const winner = buyers[results.indexOf("OK")]!;
    for (const b of buyers) {
      const bal = await readUserBalances(t.db, b.id);
      if (b === winner) expect(bal).toMatchObject({ cash: 20_000 - 9_400, voucher: 500 });
      else expect(bal).toMatchObject({ cash: 20_000, voucher: 1_000, mallPoints: 0 });
    }
    expect(await t.db.select().from(orders).where(sql`${orders.userId} IN ${buyers.map((b) => b.id)}`)).toHaveLength(1);
  });

  it("a voucher spent from two tabs at once (two different orders) is spent once; the other order fails and takes nothing", async () => {
    // Six different products, so no stock row lock lines the orders up: only the voucher balance guards.
    const ps = await Promise.all(Array.from({ length: 6 }, () => createProduct(t.db, clock, { priceFen: 5_000, stock: 50 })));
    const b = await createBuyer(t.db, clock, { cashFen: 100_000, voucherFen: 3_000 });
    const results = await Promise.all(
      ps.map((p) => outcome(checkout(pool.db, clock, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 3_000, payWith: "cash" }))),
    );
    expect(results.filter((r) => r === "OK")).toHaveLength(1);
    expect(results.filter((r) => r === "VOUCHER_INSUFFICIENT")).toHaveLength(5);
    expect(await readUserBalances(t.db, b.id)).toMatchObject({ voucher: 0, cash: 100_000 - 2_000 });
    const stocks = await Promise.all(ps.map(async (p) => (await t.db.select({ stock: products.stock }).from(products).where(eq(products.id, p.id)))[0]!.stock));
    expect(stocks.sort()).toEqual([49, 50, 50, 50, 50, 50]);
  });

  it("a double-submitted checkout (same order id, in parallel) makes one order and charges once", async () => {
    const p = await createProduct(t.db, clock, { priceFen: 2_000, stock: 10 });
    const b = await createBuyer(t.db, clock, { cashFen: 10_000, voucherFen: 500 });
    const orderId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => checkout(pool.db, clock, { orderId, userId: b.id, lines: [{ productId: p.id, quantity: 2 }], addressId: b.addressId, voucherFen: 500, payWith: "cash" })),
    );
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([orderId]));
    expect(await readUserBalances(t.db, b.id)).toMatchObject({ cash: 10_000 - 3_500, voucher: 0 });
    const [row] = await t.db.select({ stock: products.stock }).from(products).where(eq(products.id, p.id));
    expect(row!.stock).toBe(8);
  });
});

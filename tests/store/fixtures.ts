import { randomBytes, randomUUID } from "node:crypto";
import type { Db, DbOrTx } from "@/db/client";
import { activities, activityItems, addresses, entries, groups, mallItems, prizes, productCategories, products, promoterStatus } from "@/db/schema";
import { DEFAULT_ACTIVITY_CONFIG } from "@/server/domain/shared/activity-config";
import type { Clock } from "@/server/domain/shared/clock";
import { placeOrder, type PlaceOrderInput } from "@/server/domain/store/place-order";
import { createUser, fund } from "../helpers/factories";

/** A product on sale (or as `overrides` say). */
export async function createProduct(db: DbOrTx, clock: Clock, overrides: Partial<typeof products.$inferInsert> = {}) {
  const [c] = await db.insert(productCategories).values({ name: "测试分类", createdAt: clock.now() }).returning();
  const [p] = await db
    .insert(products)
    .values({ categoryId: c!.id, name: `商品 ${randomUUID().slice(0, 6)}`, priceFen: 10_000, stock: 10, onSale: true, images: [], createdAt: clock.now(), updatedAt: clock.now(), ...overrides })
    .returning();
  return p!;
}

export async function createMallItem(db: DbOrTx, clock: Clock, overrides: Partial<typeof mallItems.$inferInsert> = {}) {
  const p = await createProduct(db, clock, { onSale: false });
  const [m] = await db.insert(mallItems).values({ productId: p.id, asset: "mallPoints", pricePoints: 500, stock: 5, createdAt: clock.now(), ...overrides }).returning();
  return m!;
}

export async function createAddress(db: DbOrTx, clock: Clock, userId: string) {
  const [a] = await db.insert(addresses).values({ userId, recipient: "王芳", phone: "13800000001", region: "上海市 浦东新区", detail: "世纪大道 100 号", isDefault: true, createdAt: clock.now() }).returning();
  return a!;
}

/** A shopper with cash, vouchers and an address. */
export async function createBuyer(db: DbOrTx, clock: Clock, opts: { cashFen?: number; voucherFen?: number; referrerId?: string } = {}) {
  const u = await createUser(db, { referrerId: opts.referrerId ?? null });
  if (opts.cashFen) await fund(db, clock, u.id, "cash", opts.cashFen);
  if (opts.voucherFen) await fund(db, clock, u.id, "voucher", opts.voucherFen);
  const address = await createAddress(db, clock, u.id);
  return { id: u.id, addressId: address.id };
}

export async function makePromoter(db: DbOrTx, clock: Clock, userId: string, days = 10) {
  await db.insert(promoterStatus).values({ userId, validUntil: new Date(clock.now().getTime() + days * 86_400_000) }).onConflictDoNothing();
}

export function checkout(db: Db, clock: Clock, input: Omit<PlaceOrderInput, "orderId"> & { orderId?: string }) {
  return db.transaction((tx) => placeOrder(tx, clock, { orderId: randomUUID(), ...input }));
}

/** A drawn group in which `userId` won a W-A product prize (a `prizes` row to ship), as a draw leaves it. */
export async function createWonPrize(db: DbOrTx, clock: Clock, input: { userId: string; itemName: string; productId?: string; priceFen?: number }) {
  const priceFen = input.priceFen ?? 100;
  const seed = randomBytes(32).toString("hex");
  const now = clock.now();
  const [a] = await db.insert(activities).values({ name: `测试活动 ${randomUUID().slice(0, 6)}`, priceFen, groupSize: 3, winners: 1, opensAt: now, config: DEFAULT_ACTIVITY_CONFIG, createdAt: now, updatedAt: now }).returning();
  const [item] = await db.insert(activityItems).values({ activityId: a!.id, kind: "product", name: input.itemName, productId: input.productId ?? null, position: 1 }).returning();
  const [g] = await db.insert(groups).values({ activityId: a!.id, number: 1, status: "drawn", seedHex: seed, commitment: seed, priceFen, groupSize: 3, winners: 1, config: DEFAULT_ACTIVITY_CONFIG, openedAt: now, expiresAt: now }).returning();
  const entryId = randomUUID();
  await db.insert(entries).values({ id: entryId, groupId: g!.id, activityId: a!.id, userId: input.userId, itemId: item!.id, seat: 1, priceFen, firstOfDay: true, firstEver: true, businessDay: "2026-11-25", outcome: "won", createdAt: now });
  await db.insert(prizes).values({ entryId, userId: input.userId, itemId: item!.id, kind: "product", status: "to_ship", createdAt: now });
  return { entryId, groupId: g!.id, activityId: a!.id };
}

/** A ¥100 order paid ¥70 cash + ¥30 voucher by a buyer whose L1 and L2 are valid promoters. */
export async function paidOrderWithReferrers(db: Db, c: Clock) {
  const l2 = await createUser(db);
  const l1 = await createUser(db, { referrerId: l2.id });
  await makePromoter(db, c, l1.id);
  await makePromoter(db, c, l2.id);
  const p = await createProduct(db, c, { priceFen: 10_000, stock: 5 });
  const b = await createBuyer(db, c, { cashFen: 7_000, voucherFen: 3_000, referrerId: l1.id });
  const o = await checkout(db, c, { userId: b.id, lines: [{ productId: p.id, quantity: 1 }], addressId: b.addressId, voucherFen: 3_000, payWith: "cash" });
  return { order: o, buyer: b, l1: l1.id, l2: l2.id, productId: p.id };
}

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { addresses, notifications, orderEvents, orders } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { createPrizeOrders, PRIZE_ADDRESS_NOTICE } from "@/server/domain/store/create-prize-orders";
import { orderStage } from "@/server/domain/store/order-stage";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createBuyer, createWonPrize } from "./fixtures";

let t: TestDb;
const clock = new FixedClock("2026-11-25T04:00:00Z");
let operator: { id: string; role: "operator" };

beforeAll(async () => {
  t = await createTestDb();
  operator = { id: (await createUser(t.db, { role: "operator" })).id, role: "operator" };
});
afterAll(() => t.drop());

const shopper = (id: string) => callerFor(t.db, clock, { id, role: "shopper" });
const orderOf = async (entryId: string) => (await t.db.select().from(orders).where(eq(orders.prizeEntryId, entryId)))[0]!;
const noticesOf = (userId: string) => t.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, PRIZE_ADDRESS_NOTICE)));

describe("a prize order asks its winner for an address", () => {
  it("is made without an address, with a 'needs an address' notification in the same transaction, once", async () => {
    const winner = await createBuyer(t.db, clock);
    const { entryId, groupId } = await createWonPrize(t.db, clock, { userId: winner.id, itemName: "拼团奖品 音箱" });

    // A failure later in the transaction takes the order and its notice back together.
    await expect(
      t.db.transaction(async (tx) => {
        expect(await createPrizeOrders(tx, clock, { groupIds: [groupId] })).toBe(1);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await t.db.select().from(orders).where(eq(orders.prizeEntryId, entryId))).toEqual([]);
    expect(await noticesOf(winner.id)).toEqual([]);

    expect(await t.db.transaction((tx) => createPrizeOrders(tx, clock, { groupIds: [groupId] }))).toBe(1);
    expect(await t.db.transaction((tx) => createPrizeOrders(tx, clock, { groupIds: [groupId] }))).toBe(0);
    const order = await orderOf(entryId);
    // The winner has a default address: it is offered on the order page, not copied unasked.
    expect(order).toMatchObject({ kind: "prize", status: "paid", address: null });
    expect(orderStage(order)).toBe("awaiting_address");
    const notices = await noticesOf(winner.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload).toEqual({ orderId: order.id, groupId, itemName: "拼团奖品 音箱" });

    // The notifications list links the notice, and the win notice of the same seat, to the order.
    await t.db.insert(notifications).values({ userId: winner.id, kind: "group.drawn", dedupeKey: `group.drawn:${groupId}:1:${winner.id}`, payload: { groupId, seat: 1, won: true }, createdAt: clock.now() });
    const listed = await shopper(winner.id).activities.notifications({});
    expect(listed.items.map((n) => [n.kind, n.orderId])).toEqual(expect.arrayContaining([[PRIZE_ADDRESS_NOTICE, order.id], ["group.drawn", order.id]]));
    // The result page's prize line names the order and where it stands.
    expect((await shopper(winner.id).activities.group({ groupId })).myPrizes).toEqual([expect.objectContaining({ entryId, order: { id: order.id, stage: "awaiting_address" } })]);
  });

  it("the console lists it apart from what can ship, until the winner gives an address", async () => {
    const winner = await createBuyer(t.db, clock);
    const { entryId } = await createWonPrize(t.db, clock, { userId: winner.id, itemName: "拼团奖品 台灯" });
    await t.db.transaction((tx) => createPrizeOrders(tx, clock));
    const order = await orderOf(entryId);
    const ops = callerFor(t.db, clock, operator);
    const ids = async (status: "paid" | "awaiting_address") => (await ops.admin.orders.list({ status, limit: 50 })).items.map((o) => o.id);
    expect(await ids("awaiting_address")).toContain(order.id);
    expect(await ids("paid")).not.toContain(order.id);
    await shopper(winner.id).store.setOrderAddress({ id: order.id, addressId: winner.addressId });
    expect(await ids("awaiting_address")).not.toContain(order.id);
    expect(await ids("paid")).toContain(order.id);
  });

  it("someone else's order or address is refused and changes nothing", async () => {
    const winner = await createBuyer(t.db, clock);
    const other = await createBuyer(t.db, clock);
    const { entryId } = await createWonPrize(t.db, clock, { userId: winner.id, itemName: "拼团奖品 水杯" });
    await t.db.transaction((tx) => createPrizeOrders(tx, clock));
    const order = await orderOf(entryId);
    expect(await catchTrpc(() => shopper(other.id).store.setOrderAddress({ id: order.id, addressId: other.addressId }))).toMatchObject({ domainCode: "NOT_FOUND" });
    expect(await catchTrpc(() => shopper(winner.id).store.setOrderAddress({ id: order.id, addressId: other.addressId }))).toMatchObject({ domainCode: "ADDRESS_REQUIRED" });
    expect(await catchTrpc(() => shopper(winner.id).store.setOrderAddress({ id: randomUUID(), addressId: winner.addressId }))).toMatchObject({ domainCode: "NOT_FOUND" });
    expect((await orderOf(entryId)).address).toBeNull();
  });

  it("the same address twice is one change; another address before shipping replaces it; none after shipping", async () => {
    const winner = await createBuyer(t.db, clock);
    const { entryId } = await createWonPrize(t.db, clock, { userId: winner.id, itemName: "拼团奖品 背包" });
    await t.db.transaction((tx) => createPrizeOrders(tx, clock));
    const order = await orderOf(entryId);
    const me = shopper(winner.id);
    const first = await me.store.setOrderAddress({ id: order.id, addressId: winner.addressId });
    const again = await me.store.setOrderAddress({ id: order.id, addressId: winner.addressId });
    expect(again.address).toEqual(first.address);
    const addressEvents = async () => (await t.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, "address")))).length;
    expect(await addressEvents()).toBe(1);

    expect((await orderOf(entryId)).address).toMatchObject({ recipient: "王芳" });
    const [second] = await t.db.insert(addresses).values({ userId: winner.id, recipient: "李雷", phone: "13800000002", region: "北京市 海淀区", detail: "中关村大街 1 号", isDefault: false, createdAt: clock.now() }).returning();
    expect((await me.store.setOrderAddress({ id: order.id, addressId: second!.id })).address).toMatchObject({ recipient: "李雷" });
    expect(await addressEvents()).toBe(2);

    await callerFor(t.db, clock, operator).admin.orders.ship({ id: order.id, carrier: "中通快递", trackingNo: "ZT7700000009" });
    expect(await catchTrpc(() => me.store.setOrderAddress({ id: order.id, addressId: winner.addressId }))).toMatchObject({ domainCode: "ORDER_WRONG_STATUS" });
    expect((await orderOf(entryId)).address).toMatchObject({ recipient: "李雷" });
    expect(await addressEvents()).toBe(2);
  });
});

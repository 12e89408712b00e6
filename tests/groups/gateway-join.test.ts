import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entries, gatewayJoins, paymentOrders } from "@/db/schema";
import { createGatewayJoin } from "@/server/domain/groups/gateway-join";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { FixedClock } from "@/server/domain/shared/clock";
import { applyGatewayWebhook } from "@/server/domain/wallet/apply-gateway-webhook";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { balanceOf, bareConfig, groupFixtures, readGroups, setActivityStatus, type GroupFixtures } from "../helpers/group-fixtures";

/**
 * 参团 through the payment gateway (spec §2): the payment order is opened for the server's price, and
 * the seat is taken in the capture webhook's transaction, exactly once however often the gateway
 * calls; a join that can no longer be made at capture leaves the money as cash, and says why.
 */
let t: TestDb;
let f: GroupFixtures;
const clock = new FixedClock("2026-11-25T02:00:00Z");
const SECRET = "test-gateway-secret-0123456789abcdef";
const P = 1999;

beforeAll(async () => {
  t = await createTestDb({ max: 12 });
  f = groupFixtures(t.db, clock);
});
afterAll(() => t.drop());

function capture(orderId: string, amountFen: number, txnId = `txn-${randomUUID()}`) {
  const rawBody = JSON.stringify({ type: "payment.captured", txnId, orderId, amountFen, currency: "CNY" });
  return t.db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SECRET, rawBody, signatureHeader: signWebhook(SECRET, rawBody, Math.floor(clock.now().getTime() / 1000)) }));
}

async function openJoin(activityId: string, itemId: string, userId: string, entryId = randomUUID()) {
  return { entryId, ...(await t.db.transaction((tx) => createGatewayJoin(tx, clock, { userId, activityId, itemId, entryId }))) };
}

describe("joins paid through the gateway", () => {
  it("takes the seat when the capture commits: paid from the captured cash, once, and the filling one says so", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 2, winners: 1, config: bareConfig() });
    const [first, second] = await f.makeShoppers(2);
    const j1 = await openJoin(a.id, a.itemId, first!);
    expect(j1.amountFen).toBe(P);
    expect(await t.db.select().from(entries).where(eq(entries.id, j1.entryId))).toHaveLength(0); // nothing seated before the capture

    const r1 = await capture(j1.paymentOrderId, P);
    expect(r1).toMatchObject({ outcome: "credited", join: { entryId: j1.entryId, seat: 1, filled: false, activityId: a.id } });
    expect(await balanceOf(t.db, first!, "cash")).toBe(0);
    // The gateway calls again with the same transaction, and once more with another: one seat, one charge.
    expect((await capture(j1.paymentOrderId, P, `txn-again`)).outcome).toBe("duplicate");
    expect(await t.db.select().from(entries).where(eq(entries.userId, first!))).toHaveLength(1);

    const j2 = await openJoin(a.id, a.itemId, second!);
    expect((await capture(j2.paymentOrderId, P)).join).toMatchObject({ seat: 2, filled: true });
    expect((await readGroups(t.db, a.id)).map((g) => g.status)).toEqual(["full", "open"]);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("duplicate webhooks racing on parallel connections seat the shopper once", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const u = await f.makeShopper();
    const j = await openJoin(a.id, a.itemId, u);
    const results = await Promise.all(Array.from({ length: 8 }, () => capture(j.paymentOrderId, P, "txn-same")));
    expect(results.filter((r) => r.outcome === "credited")).toHaveLength(1);
    expect(await t.db.select().from(entries).where(eq(entries.userId, u))).toHaveLength(1);
    expect(await balanceOf(t.db, u, "cash")).toBe(0);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a join that can no longer be made at capture keeps the money as cash and tells the shopper why", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const u = await f.makeShopper();
    const j = await openJoin(a.id, a.itemId, u);
    await setActivityStatus(t.db, a.id, "paused");
    const r = await capture(j.paymentOrderId, P);
    expect(r.outcome).toBe("credited");
    expect(r.join).toBeUndefined();
    expect(await balanceOf(t.db, u, "cash")).toBe(P);
    const [intent] = await t.db.select().from(gatewayJoins).where(eq(gatewayJoins.paymentOrderId, j.paymentOrderId));
    expect(intent).toMatchObject({ status: "kept_as_cash", failureCode: "ACTIVITY_NOT_OPEN" });
    const notes = await t.db.execute<{ kind: string; payload: { reason: string; amountFen: number } }>(sql`SELECT kind, payload FROM notifications WHERE user_id = ${u}`);
    expect(notes.map((n) => [n.kind, n.payload.reason, n.payload.amountFen])).toEqual([["join.kept_as_cash", "ACTIVITY_NOT_OPEN", P]]);
    expect(await checkLedgerInvariants(t.db)).toEqual([]);
  });

  it("a capture of another amount goes to review: no cash, no seat", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const u = await f.makeShopper();
    const j = await openJoin(a.id, a.itemId, u);
    expect((await capture(j.paymentOrderId, 1)).outcome).toBe("review");
    expect(await balanceOf(t.db, u, "cash")).toBe(0);
    expect(await t.db.select().from(entries).where(eq(entries.userId, u))).toHaveLength(0);
  });

  it("a double tap opens one payment order; another shopper's tap id, an unknown item or a paused activity open none", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const [u, other] = await f.makeShoppers(2);
    const first = await openJoin(a.id, a.itemId, u!);
    const again = await openJoin(a.id, a.itemId, u!, first.entryId);
    expect(again.paymentOrderId).toBe(first.paymentOrderId);
    await expect(openJoin(a.id, a.itemId, other!, first.entryId)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(openJoin(a.id, randomUUID(), u!)).rejects.toMatchObject({ code: "ITEM_NOT_IN_ACTIVITY" });
    await setActivityStatus(t.db, a.id, "paused");
    await expect(openJoin(a.id, a.itemId, u!)).rejects.toMatchObject({ code: "ACTIVITY_NOT_OPEN" });
    const orders = await t.db.select().from(paymentOrders).where(eq(paymentOrders.userId, u!));
    expect(orders).toHaveLength(1);
  });

  it("ten taps of one entry id at once, on parallel connections, all answer with the same payment order", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const u = await f.makeShopper();
    const shopper = callerFor(t.db, clock, { id: u, role: "shopper" });
    const entryId = randomUUID();
    const answers = await Promise.allSettled(Array.from({ length: 10 }, () => shopper.activities.joinWithGateway({ activityId: a.id, itemId: a.itemId, entryId })));
    expect(answers.filter((r) => r.status === "rejected")).toEqual([]);
    const ids = new Set(answers.map((r) => (r.status === "fulfilled" ? r.value.paymentOrderId : "")));
    expect(ids.size).toBe(1);
    expect(await t.db.select().from(paymentOrders).where(eq(paymentOrders.userId, u))).toHaveLength(1);
    expect(await t.db.select().from(gatewayJoins).where(eq(gatewayJoins.entryId, entryId))).toHaveLength(1);
  });

  it("through the API: the price is the server's, the cashier address is returned, staff are refused", async () => {
    const a = await f.makeActivity({ priceFen: P, groupSize: 5, winners: 1, config: bareConfig() });
    const u = await f.makeShopper();
    const shopper = callerFor(t.db, clock, { id: u, role: "shopper" });
    const r = await shopper.activities.joinWithGateway({ activityId: a.id, itemId: a.itemId, entryId: randomUUID(), amountFen: 1 } as never);
    expect(r).toMatchObject({ amountFen: P, payUrl: `/pay/sandbox/${r.paymentOrderId}` });
    expect(await shopper.wallet.topup({ id: r.paymentOrderId })).toMatchObject({ purpose: "group_join", joinActivityId: a.id, amountFen: P });
    const staff = await f.makeShopper({ role: "operator" });
    const refused = await catchTrpc(() => callerFor(t.db, clock, { id: staff, role: "operator" }).activities.joinWithGateway({ activityId: a.id, itemId: a.itemId, entryId: randomUUID() }));
    expect(refused.trpcCode).toBe("FORBIDDEN");
  });
});

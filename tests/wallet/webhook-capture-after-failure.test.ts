import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { paymentOrders } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { readUserBalances } from "@/server/domain/ledger";
import { applyGatewayWebhook, type GatewayEvent } from "@/server/domain/wallet/apply-gateway-webhook";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { signWebhook } from "@/server/domain/wallet/gateway-signature";
import { listPaymentsForReview } from "@/server/domain/wallet/list-payments-for-review";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";

// A capture that arrives after a payment.failed for the same order means the gateway holds the
// shopper's money: it must be credited (or reviewed on a mismatch), never dropped as a duplicate.

let t: TestDb;
const SECRET = "whsec_test_0123456789abcdef0123456789abcdef";
const clock = new FixedClock("2026-11-25T12:00:00Z");
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const apply = (event: GatewayEvent) => {
  const rawBody = JSON.stringify(event);
  return t.db.transaction((tx) => applyGatewayWebhook(tx, clock, { secret: SECRET, rawBody, signatureHeader: signWebhook(SECRET, rawBody, Math.floor(clock.now().getTime() / 1000)) }));
};

async function capturedAfterFailed(sameTxn: boolean) {
  const user = await createUser(t.db);
  const order = await t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen: 5000 }));
  const failedTxn = `txn_${randomUUID()}`;
  expect((await apply({ type: "payment.failed", txnId: failedTxn, orderId: order.id, amountFen: 5000, currency: "CNY" })).outcome).toBe("failed");
  const result = await apply({ type: "payment.captured", txnId: sameTxn ? failedTxn : `txn_${randomUUID()}`, orderId: order.id, amountFen: 5000, currency: "CNY" });
  const [row] = await t.db.select().from(paymentOrders).where(eq(paymentOrders.id, order.id));
  const credited = (await readUserBalances(t.db, user.id)).cash;
  const inReview = (await listPaymentsForReview(t.db, { limit: 100 })).some((p) => p.id === order.id);
  return { outcome: result.outcome, status: row!.status, credited, inReview };
}

describe("a capture after a failure for the same order", () => {
  it.each([
    ["a new transaction id", false],
    ["the failed transaction's id", true],
  ])("with %s is credited once or parked for review, never dropped", async (_what, sameTxn) => {
    const r = await capturedAfterFailed(sameTxn);
    const handled = (r.outcome === "credited" && r.status === "paid" && r.credited === 5000) || (r.outcome === "review" && r.status === "review" && r.inReview && r.credited === 0);
    expect(handled, JSON.stringify(r)).toBe(true);
  });
});

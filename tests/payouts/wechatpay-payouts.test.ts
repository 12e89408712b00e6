import { createSign, randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { payoutEvents } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";
import { addDestination, listDestinations, wechatDestinationStatus } from "@/server/domain/payouts/destinations";
import { PAYOUT_SYNC_AFTER_MS, submitPayout, syncPayouts } from "@/server/domain/payouts/submit-payout";
import { saveWechatOpenid } from "@/server/domain/users/wechat-openid";
import { listWithdrawals } from "@/server/domain/wallet/list-withdrawals";
import type { Actor } from "@/server/domain/audit/record-audit";
import { payoutNumber } from "@/server/payouts/payout-number";
import { TRANSFER_FINISHED_EVENT, wechatpayPayoutProvider } from "@/server/payouts/wechatpay-payouts";
import type { WechatpayConfig } from "@/server/providers/wechatpay/wechatpay-config";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { approvedWithdrawal, atOnce, moneyProbe } from "../helpers/payout-flow";
import { makeStandInCredentials } from "../support/stand-ins/stand-in-credentials";
import { startWechatpayStandIn, type WechatpayStandIn } from "../support/stand-ins/wechatpay-stand-in";
import { wechatTransferDesk } from "../support/stand-ins/wechatpay-transfers";

/**
 * Withdrawals to the shopper's own WeChat paid by WeChat Pay's merchant transfer
 * (POST /v3/fund-app/mch-transfer/transfer-bills) on the providers' v3 client, against a stand-in that
 * checks our signed requests, signs its answers and encrypts its notifications with keys made here.
 */
let t: TestDb;
let stand: WechatpayStandIn;
let config: WechatpayConfig;
let finance: Actor;
const creds = makeStandInCredentials();
const w = creds.wechat;
const desk = wechatTransferDesk({ appId: w.appId, mchId: w.mchId, platformPrivateKey: w.platformPrivateKey });
const clock = new FixedClock(new Date().toISOString());
const NOTIFY = "https://pinpin.example.com/api/webhooks/payouts/wechatpay";

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance", ip: "203.0.113.9" };
  stand = await startWechatpayStandIn({ mchId: w.mchId, appId: w.appId, merchantSerial: w.merchantSerial, merchantPublicKey: w.merchantPublicKey, platformPrivateKey: w.platformPrivateKey, platformSerial: w.platformSerial, apiV3Key: Buffer.from(w.apiV3Key, "utf8"), routes: desk.routes });
  config = { mchId: w.mchId, appId: w.appId, merchantSerial: w.merchantSerial, merchantPrivateKey: w.merchantPrivateKey, apiV3Key: Buffer.from(w.apiV3Key, "utf8"), platformKeys: new Map([[w.platformSerial, w.platformPublicKey]]), baseUrl: stand.origin };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
});
afterAll(async () => {
  await stand.close();
  await t.drop();
});

const provider = () => wechatpayPayoutProvider(config, { sceneId: "1000", notifyUrl: NOTIFY });
const m = () => moneyProbe(t.db);
const openid = () => `oPinpin${randomBytes(10).toString("hex")}`;

/** A shopper signed in through WeChat (openid stored), known to WeChat under `realName`, withdrawing to their WeChat as `holderName`. */
async function approved(amountFen: number, opts: { realName?: string | null; holderName?: string } = {}) {
  const id = openid();
  if (opts.realName !== null) desk.openAccount(id, opts.realName ?? "李小红");
  return approvedWithdrawal(t.db, clock, finance, {
    destination: { kind: "wechat", account: "typed-by-no-one", holderName: opts.holderName ?? "李小红" },
    amountFen,
    enabled: ["wechatpay"],
    wechatAppId: w.appId,
    beforeDestination: (userId) => t.db.transaction((tx) => saveWechatOpenid(tx, clock, { userId, appId: w.appId, openid: id })),
  }).then((r) => ({ ...r, openid: id, bill: payoutNumber(r.payoutId) }));
}

/** WeChat Pay's signature headers over a body, with its platform key (for a notification a test changed). */
function signedHeaders(body: string, at = Math.floor(Date.now() / 1000)): Record<string, string> {
  const nonce = randomBytes(16).toString("hex");
  const signature = createSign("RSA-SHA256").update(`${at}\n${nonce}\n${body}\n`, "utf8").sign(w.platformPrivateKey, "base64");
  return { "content-type": "application/json", "wechatpay-timestamp": String(at), "wechatpay-nonce": nonce, "wechatpay-signature": signature, "wechatpay-serial": w.platformSerial };
}

/** What the callback route does: verify, apply, answer as WeChat Pay's protocol wants. */
async function deliver(n: { headers: Record<string, string>; body: string }, db = t.db) {
  const p = provider();
  try {
    const report = await p.verifyCallback({ rawBody: n.body, headers: new Headers(n.headers) }, new Date());
    const result = await db.transaction((tx) => applyPayoutReport(tx, clock, "wechatpay", report));
    const answer = p.answerCallback!(null);
    return { result, status: answer.status, body: await answer.text() };
  } catch (e) {
    const answer = p.answerCallback!(e);
    return { refused: e instanceof DomainError ? e.code : String(e), status: answer.status, body: await answer.json() };
  }
}
const finished = (bill: string) => stand.notification(TRANSFER_FINISHED_EVENT, desk.finished(bill), { originalType: "mch_payment" });

describe("the WeChat destination", () => {
  it("is offered only while WeChat payouts are on, and added only once the shopper's openid is known (the openid, never what the form sent)", async () => {
    const user = await createUser(t.db);
    const add = (wechatAppId: string | null) => t.db.transaction((tx) => addDestination(tx, clock, { userId: user.id, kind: "wechat", account: "oSomeoneElse000000", holderName: "李小红" }, { wechatAppId }));
    expect(await wechatDestinationStatus(t.db, user.id, null)).toEqual({ status: "off" });
    await expect(add(null)).rejects.toMatchObject({ code: "DESTINATION_WECHAT_UNAVAILABLE" });
    expect(await wechatDestinationStatus(t.db, user.id, w.appId)).toEqual({ status: "sign_in" });
    await expect(add(w.appId)).rejects.toMatchObject({ code: "DESTINATION_WECHAT_SIGN_IN" });
    const id = openid();
    await t.db.transaction((tx) => saveWechatOpenid(tx, clock, { userId: user.id, appId: w.appId, openid: id }));
    expect(await wechatDestinationStatus(t.db, user.id, w.appId)).toEqual({ status: "ready", account: `${id.slice(0, 4)}****${id.slice(-4)}` });
    await add(w.appId);
    expect(await listDestinations(t.db, user.id)).toEqual([expect.objectContaining({ kind: "wechat", account: `${id.slice(0, 4)}****${id.slice(-4)}`, holderName: "李**" })]);
  });
});

describe("WeChat Pay transfer to a user", () => {
  it("goes to WeChat Pay; the bill waits for the shopper to accept it; the finished notification pays out once and is answered 204", async () => {
    const p = await approved(23_456);
    expect(p.provider).toBe("wechatpay");
    await submitPayout(t.db, clock, provider(), p.payoutId);
    expect(desk.requests.at(-1)).toMatchObject({ appid: w.appId, out_bill_no: p.bill, transfer_scene_id: "1000", openid: p.openid, transfer_amount: 23_456, notify_url: NOTIFY, transfer_scene_report_infos: [{ info_type: "活动名称" }, { info_type: "奖励说明" }] });
    expect(desk.bills.get(p.bill)).toMatchObject({ state: "WAIT_USER_CONFIRM" });
    // Waiting for the shopper: the bill's package is kept for WeChat's "accept" page (requestMerchantTransfer).
    expect(await m().payout(p.payoutId)).toMatchObject({ provider: "wechatpay", status: "processing", providerPayoutId: desk.bills.get(p.bill)!.transfer_bill_no, confirmPackage: desk.bills.get(p.bill)!.package_info });
    const mine = await listWithdrawals(t.db, { userId: p.userId, limit: 5 });
    expect(mine.items[0]).toMatchObject({ status: "processing", confirmPackage: desk.bills.get(p.bill)!.package_info });
    const [holdBefore, paidBefore] = [await m().hold(), await m().paidOut()];
    desk.settle(p.bill, { state: "SUCCESS" });
    expect(await deliver(finished(p.bill))).toEqual({ result: { outcome: "paid", withdrawalId: p.withdrawalId }, status: 204, body: "" });
    expect([await m().hold(), await m().paidOut()]).toEqual([holdBefore - 23_456, paidBefore + 23_456]);
    expect(await m().withdrawal(p.withdrawalId)).toMatchObject({ status: "paid" });
    expect(await m().payout(p.payoutId)).toMatchObject({ confirmPackage: null });
  });

  it("a name that is not the account's fails the bill: the funds come back with WeChat's reason, translated by its code", async () => {
    const p = await approved(9_000, { realName: "李小红", holderName: "李晓红" });
    await submitPayout(t.db, clock, provider(), p.payoutId);
    expect(await m().cash(p.userId)).toBe(9_000);
    expect(await m().withdrawal(p.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PAYEE_NAME_MISMATCH", failureReason: "NAME_NOT_CORRECT" });
    expect((await m().notice(p.userId, "withdrawal.failed"))?.payload).toMatchObject({ reasonCode: "PAYEE_NAME_MISMATCH", reason: "NAME_NOT_CORRECT" });
  });

  it("not accepted in time (CANCELLED), or failed later by WeChat: the funds come back; a replayed notification changes nothing", async () => {
    const cancelled = await approved(4_000);
    const failed = await approved(4_000);
    await submitPayout(t.db, clock, provider(), cancelled.payoutId);
    await submitPayout(t.db, clock, provider(), failed.payoutId);
    desk.settle(cancelled.bill, { state: "CANCELLED" });
    desk.settle(failed.bill, { state: "FAIL", failReason: "DAY_RECEIVED_QUOTA_EXCEED" });
    const n = finished(cancelled.bill);
    expect((await deliver(n)).result).toEqual({ outcome: "failed", withdrawalId: cancelled.withdrawalId });
    expect((await deliver(finished(failed.bill))).result).toEqual({ outcome: "failed", withdrawalId: failed.withdrawalId });
    expect(await m().withdrawal(cancelled.withdrawalId)).toMatchObject({ status: "failed", failureCode: "NOT_CONFIRMED" });
    expect(await m().withdrawal(failed.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PAYEE_LIMIT_REACHED" });
    expect([await m().cash(cancelled.userId), await m().cash(failed.userId)]).toEqual([4_000, 4_000]);
    const after = [await m().entries(), await m().hold()];
    expect(await deliver(n)).toEqual({ result: { outcome: "duplicate" }, status: 204, body: "" });
    expect([await m().entries(), await m().hold()]).toEqual(after);
  });

  it("a flipped byte in the body, signature, serial or ciphertext, a stale timestamp or another merchant is refused (4xx with FAIL, WeChat retries); nothing changes", async () => {
    const p = await approved(5_000);
    await submitPayout(t.db, clock, provider(), p.payoutId);
    desk.settle(p.bill, { state: "SUCCESS" });
    const good = finished(p.bill);
    const before = [await m().entries(), await m().hold()];
    const flipAt = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    const event = JSON.parse(good.body) as { resource: { ciphertext: string } };
    const refused = (r: Awaited<ReturnType<typeof deliver>>) => ("refused" in r ? [r.refused, r.status, r.body] : ["applied"]);
    expect(refused(await deliver({ headers: good.headers, body: good.body.replace('"resource_type"', '"resource_typf"') }))).toEqual(["WEBHOOK_SIGNATURE_INVALID", 400, { code: "FAIL", message: "WEBHOOK_SIGNATURE_INVALID" }]);
    expect(refused(await deliver({ headers: { ...good.headers, "wechatpay-signature": flipAt(good.headers["wechatpay-signature"]!, 8) }, body: good.body }))[0]).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(refused(await deliver({ headers: { ...good.headers, "wechatpay-serial": flipAt(good.headers["wechatpay-serial"]!, 12) }, body: good.body }))[0]).toBe("WEBHOOK_SIGNATURE_INVALID");
    // The ciphertext changed and the body signed again (as by someone holding WeChat Pay's key but not the APIv3 key): the GCM tag fails.
    const tampered = good.body.replace(event.resource.ciphertext, flipAt(event.resource.ciphertext, 5));
    expect(refused(await deliver({ headers: signedHeaders(tampered), body: tampered }))[0]).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(refused(await deliver({ headers: signedHeaders(good.body, Math.floor(Date.now() / 1000) - 301), body: good.body }))[0]).toBe("WEBHOOK_TIMESTAMP_STALE");
    const foreign = stand.notification(TRANSFER_FINISHED_EVENT, { ...desk.finished(p.bill), mch_id: "1900000999" }, { originalType: "mch_payment" });
    expect(refused(await deliver(foreign))[0]).toBe("WEBHOOK_MERCHANT_MISMATCH");
    expect([await m().entries(), await m().hold()]).toEqual(before);
    expect(await t.db.select().from(payoutEvents).where(eq(payoutEvents.payoutId, p.payoutId))).toEqual([]);
    expect((await deliver(good)).result).toEqual({ outcome: "paid", withdrawalId: p.withdrawalId });
  });

  it("20 concurrent copies of the notification pay out once", async () => {
    const p = await approved(6_500);
    await submitPayout(t.db, clock, provider(), p.payoutId);
    desk.settle(p.bill, { state: "SUCCESS" });
    const n = finished(p.bill);
    const [holdBefore, paidBefore, entriesBefore] = [await m().hold(), await m().paidOut(), await m().entries()];
    const results = await atOnce(t.url, 20, (db) => deliver(n, db));
    expect(results.map((r) => ("result" in r ? r.result?.outcome : r.refused)).sort()).toEqual(["paid", ...Array<string>(19).fill("duplicate")].sort());
    expect(results.every((r) => r.status === 204)).toBe(true);
    expect([await m().hold(), await m().paidOut(), await m().entries()]).toEqual([holdBefore - 6_500, paidBefore + 6_500, entriesBefore + 1]);
  });

  it("no notification comes: after ten minutes the sync job queries the bill and applies it; a bill still waiting for the shopper stays", async () => {
    const paid = await approved(3_000);
    const waiting = await approved(3_000);
    await submitPayout(t.db, clock, provider(), paid.payoutId);
    await submitPayout(t.db, clock, provider(), waiting.payoutId);
    desk.settle(paid.bill, { state: "SUCCESS" });
    clock.advance(PAYOUT_SYNC_AFTER_MS.processing + 1);
    expect(await syncPayouts(t.db, clock, provider())).toBe(1);
    expect(await m().withdrawal(paid.withdrawalId)).toMatchObject({ status: "paid" });
    expect(await m().withdrawal(waiting.withdrawalId)).toMatchObject({ status: "processing" });
  });

  it("a signed refusal with no bill made (merchant balance too low) fails the payout and returns the funds; no answer leaves it queued for the job", async () => {
    desk.setBalanceFen(1_000);
    try {
      const poor = await approved(3_000);
      await submitPayout(t.db, clock, provider(), poor.payoutId);
      expect(await m().withdrawal(poor.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PLATFORM_UNAVAILABLE", failureReason: expect.stringContaining("NOT_ENOUGH") });
      expect(await m().cash(poor.userId)).toBe(3_000);
    } finally {
      desk.setBalanceFen(Number.MAX_SAFE_INTEGER);
    }
    const p = await approved(2_000);
    const down = wechatpayPayoutProvider({ ...config, baseUrl: "http://127.0.0.1:9" }, { sceneId: "1000", notifyUrl: NOTIFY });
    await expect(submitPayout(t.db, clock, down, p.payoutId)).rejects.toThrow();
    expect(await m().payout(p.payoutId)).toMatchObject({ status: "queued" });
    clock.advance(PAYOUT_SYNC_AFTER_MS.queued + 1);
    expect(await syncPayouts(t.db, clock, provider())).toBe(1);
    expect(desk.bills.get(p.bill)).toMatchObject({ state: "WAIT_USER_CONFIRM", transfer_amount: 2_000 });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { payoutEvents } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants, listUserEntries } from "@/server/domain/ledger";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";
import { PAYOUT_SYNC_AFTER_MS, submitPayout, syncPayouts } from "@/server/domain/payouts/submit-payout";
import type { Actor } from "@/server/domain/audit/record-audit";
import { alipayPayoutProvider } from "@/server/payouts/alipay-payouts";
import { payoutNumber } from "@/server/payouts/payout-number";
import type { AlipayConfig } from "@/server/providers/alipay/alipay-config";
import { moneyNoticeText, type MoneyNoticePayload } from "@/components/me/money-notice-text";
import { untyped } from "@/components/i18n/dynamic-key";
import { payoutFailureText } from "@/components/wallet/payout-failure-text";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { approvedWithdrawal, atOnce, moneyProbe } from "../helpers/payout-flow";
import { makeStandInCredentials } from "../support/stand-ins/stand-in-credentials";
import { alipaySign, startAlipayStandIn, type AlipayStandIn } from "../support/stand-ins/alipay-stand-in";
import { luhnCard } from "../helpers/payout-fixtures";
import { alipayTransferDesk } from "../support/stand-ins/alipay-transfers";

/**
 * Withdrawals to an Alipay account paid by Alipay's transfer (alipay.fund.trans.uni.transfer) through
 * the official SDK, against a stand-in that verifies our RSA2 requests and signs its answers and
 * messages with keys made here.
 */
let t: TestDb;
let stand: AlipayStandIn;
let config: AlipayConfig;
let finance: Actor;
const creds = makeStandInCredentials();
const desk = alipayTransferDesk({ appId: creds.alipay.appId, alipayPrivateKey: creds.alipay.alipayPrivateKey });
const clock = new FixedClock(new Date().toISOString());
let n = 0;

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance", ip: "203.0.113.9" };
  stand = await startAlipayStandIn({ appId: creds.alipay.appId, sellerId: creds.alipay.sellerId, appPublicKey: creds.alipay.appPublicKey, alipayPrivateKey: creds.alipay.alipayPrivateKey, methods: desk.methods });
  config = { appId: creds.alipay.appId, privateKey: creds.alipay.appPrivateKey, alipayPublicKey: creds.alipay.alipayPublicKey, certificates: null, sellerId: creds.alipay.sellerId, gateway: stand.gateway };
});
afterEach(async () => {
  expect(await checkLedgerInvariants(t.db)).toEqual([]);
  desk.payInstantly(true);
});
afterAll(async () => {
  await stand.close();
  await t.drop();
});

const provider = () => alipayPayoutProvider(config);
const m = () => moneyProbe(t.db);

/** A shopper whose Alipay account (a fresh login id) exists at the stand-in under `realName`, withdrawing to it as `holderName`. */
async function approved(amountFen: number, opts: { realName?: string | null; holderName?: string } = {}) {
  const account = `135${String(++n).padStart(8, "0")}`;
  if (opts.realName !== null) desk.openAccount(account, opts.realName ?? "王小明");
  return approvedWithdrawal(t.db, clock, finance, { destination: { kind: "alipay", account, holderName: opts.holderName ?? "王小明" }, amountFen, enabled: ["alipay"] });
}

/** What the callback route does with Alipay's message: the adapter verifies it, the domain applies it, the adapter answers. */
async function deliver(params: Record<string, string>, db = t.db) {
  const p = provider();
  try {
    const report = await p.verifyCallback({ rawBody: desk.formBody(params), headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }) }, clock.now());
    const result = await db.transaction((tx) => applyPayoutReport(tx, clock, "alipay", report));
    return { result, answer: await p.answerCallback!(null).text() };
  } catch (e) {
    return { refused: e instanceof DomainError ? e.code : String(e), answer: await p.answerCallback!(e).text() };
  }
}

const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);

describe("Alipay transfer to an account", () => {
  it("an Alipay destination goes to Alipay when enabled; paid in Alipay's answer: hold → payout_clearing once, out_biz_no = our payout id, payee checked by name", async () => {
    const w = await approved(12_345);
    expect(w.provider).toBe("alipay");
    const before = [await m().hold(), await m().paidOut()];
    expect(await submitPayout(t.db, clock, provider(), w.payoutId)).toBe("submitted");
    const transfer = desk.transfers.get(payoutNumber(w.payoutId));
    expect(transfer).toMatchObject({ amount: "123.45", status: "SUCCESS" });
    const call = desk.calls.findLast((c) => c.method === "alipay.fund.trans.uni.transfer");
    expect(call?.biz).toMatchObject({ out_biz_no: payoutNumber(w.payoutId), trans_amount: "123.45", product_code: "TRANS_ACCOUNT_NO_PWD", biz_scene: "DIRECT_TRANSFER", payee_info: { identity_type: "ALIPAY_LOGON_ID", name: "王小明" } });
    expect(await m().payout(w.payoutId)).toMatchObject({ provider: "alipay", status: "succeeded", providerPayoutId: transfer!.orderId });
    expect(await m().withdrawal(w.withdrawalId)).toMatchObject({ status: "paid" });
    expect([await m().hold(), await m().paidOut()]).toEqual([before[0]! - 12_345, before[1]! + 12_345]);
    // Alipay's message about the same transfer arrives afterwards: answered success, nothing moves.
    const moved = await m().entries();
    expect(await deliver(desk.message(payoutNumber(w.payoutId)))).toEqual({ result: { outcome: "duplicate" }, answer: "success" });
    expect(await m().entries()).toBe(moved);
  });

  it("a refused transfer (name does not match the account) returns the funds with Alipay's reason, shown translated", async () => {
    const w = await approved(8_000, { realName: "王小明", holderName: "王晓明" });
    expect(await m().cash(w.userId)).toBe(0);
    await submitPayout(t.db, clock, provider(), w.payoutId);
    expect(desk.transfers.has(payoutNumber(w.payoutId))).toBe(false);
    expect(await m().cash(w.userId)).toBe(8_000);
    expect(await m().withdrawal(w.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PAYEE_NAME_MISMATCH", failureReason: expect.stringContaining("PAYEE_USER_INFO_ERROR") });
    expect(await m().payout(w.payoutId)).toMatchObject({ status: "failed", failureCode: "PAYEE_NAME_MISMATCH" });
    const { items } = await listUserEntries(t.db, { userId: w.userId, limit: 1 });
    expect(items[0]).toMatchObject({ reason: "withdrawal.failed", amount: 8_000, noteCode: "PAYEE_NAME_MISMATCH" });
    const notice = await m().notice(w.userId, "withdrawal.failed");
    expect(notice?.payload).toMatchObject({ reasonCode: "PAYEE_NAME_MISMATCH" });
    const read = (locale: "zh-CN" | "en") => {
      const messages = locale === "en" ? en : zhCN;
      const tr = (namespace: "notifications" | "payoutAccounts" | "payoutBanks" | "payoutFailures") => untyped(createTranslator({ locale, messages, namespace }) as never);
      return { notice: moneyNoticeText("withdrawal.failed", notice!.payload as MoneyNoticePayload, tr("notifications"), tr("payoutAccounts"), tr("payoutBanks"), tr("payoutFailures"))?.body, line: payoutFailureText(items[0]!.noteCode, items[0]!.note, tr("payoutFailures")) };
    };
    expect(read("zh-CN")).toEqual({ notice: expect.stringContaining("收款人姓名与账户实名不一致"), line: "收款人姓名与账户实名不一致" });
    expect(read("en")).toEqual({ notice: expect.stringContaining("The name does not match the account's real-name record"), line: "The name does not match the account's real-name record" });
  });

  it("an unknown account, or a merchant balance too low, is refused the same way with its own reason", async () => {
    const unknown = await approved(3_000, { realName: null });
    await submitPayout(t.db, clock, provider(), unknown.payoutId);
    expect(await m().withdrawal(unknown.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PAYEE_NOT_FOUND" });
    desk.setBalanceFen(1_000);
    try {
      const poor = await approved(3_000);
      await submitPayout(t.db, clock, provider(), poor.payoutId);
      expect(await m().withdrawal(poor.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PLATFORM_UNAVAILABLE" });
      expect(await m().cash(poor.userId)).toBe(3_000);
    } finally {
      desk.setBalanceFen(Number.MAX_SAFE_INTEGER);
    }
  });

  it("left DEALING, then Alipay's message says it failed: the funds come back with the reason; the replayed message changes nothing", async () => {
    desk.payInstantly(false);
    const w = await approved(6_000);
    await submitPayout(t.db, clock, provider(), w.payoutId);
    expect(await m().payout(w.payoutId)).toMatchObject({ status: "processing" });
    expect(await m().cash(w.userId)).toBe(0);
    desk.settle(payoutNumber(w.payoutId), { status: "FAIL", errorCode: "PAYEE_ACCOUNT_STATUS_ERROR", failReason: "收款方账户状态异常" });
    const message = desk.message(payoutNumber(w.payoutId));
    expect(await deliver(message)).toEqual({ result: { outcome: "failed", withdrawalId: w.withdrawalId }, answer: "success" });
    expect(await m().cash(w.userId)).toBe(6_000);
    expect(await m().withdrawal(w.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PAYEE_ACCOUNT_RESTRICTED", failureReason: "PAYEE_ACCOUNT_STATUS_ERROR 收款方账户状态异常" });
    const after = [await m().entries(), await m().hold(), await m().cash(w.userId)];
    expect(await deliver(message)).toEqual({ result: { outcome: "duplicate" }, answer: "success" });
    expect([await m().entries(), await m().hold(), await m().cash(w.userId)]).toEqual(after);
  });

  it("a message with a flipped byte (in biz_content or in the signature), for another app, or of another kind is refused and answered fail; nothing changes", async () => {
    desk.payInstantly(false);
    const w = await approved(4_000);
    await submitPayout(t.db, clock, provider(), w.payoutId);
    desk.settle(payoutNumber(w.payoutId), { status: "SUCCESS" });
    const good = desk.message(payoutNumber(w.payoutId));
    const before = [await m().entries(), await m().hold()];
    const biz = good.biz_content!;
    const at = biz.indexOf(`"trans_amount":"40.00"`);
    expect(await deliver({ ...good, biz_content: biz.replace(`"trans_amount":"40.00"`, `"trans_amount":"90.00"`) })).toEqual({ refused: "WEBHOOK_SIGNATURE_INVALID", answer: "fail" });
    expect(await deliver({ ...good, biz_content: flip(biz, at + 2) })).toEqual({ refused: "WEBHOOK_SIGNATURE_INVALID", answer: "fail" });
    expect(await deliver({ ...good, sign: flip(good.sign!, 10) })).toEqual({ refused: "WEBHOOK_SIGNATURE_INVALID", answer: "fail" });
    expect(await deliver({ ...good, notify_id: "forged" })).toEqual({ refused: "WEBHOOK_SIGNATURE_INVALID", answer: "fail" });
    // Correctly signed by Alipay, but another message: not ours to apply.
    const unsigned: Record<string, string> = { ...good, msg_method: "alipay.fund.trans.refund.success" };
    delete unsigned.sign;
    expect(await deliver({ ...unsigned, sign: alipaySign(unsigned, creds.alipay.alipayPrivateKey) })).toEqual({ refused: "BAD_INPUT", answer: "fail" });
    expect([await m().entries(), await m().hold()]).toEqual(before);
    expect(await t.db.select().from(payoutEvents).where(eq(payoutEvents.payoutId, w.payoutId))).toEqual([]);
    // The untouched message still applies.
    expect(await deliver(good)).toEqual({ result: { outcome: "paid", withdrawalId: w.withdrawalId }, answer: "success" });
  });

  it("a message for another app id is refused (merchant mismatch)", async () => {
    const w = await approved(2_000);
    await submitPayout(t.db, clock, provider(), w.payoutId);
    const foreign = alipayTransferDesk({ appId: "2021000000000999", alipayPrivateKey: creds.alipay.alipayPrivateKey });
    foreign.openAccount("13500000000", "王小明");
    foreign.methods["alipay.fund.trans.uni.transfer"]({ out_biz_no: payoutNumber(w.payoutId), trans_amount: "20.00", product_code: "TRANS_ACCOUNT_NO_PWD", biz_scene: "DIRECT_TRANSFER", order_title: "x", payee_info: { identity_type: "ALIPAY_LOGON_ID", identity: "13500000000", name: "王小明" } });
    expect(await deliver(foreign.message(payoutNumber(w.payoutId)))).toEqual({ refused: "WEBHOOK_MERCHANT_MISMATCH", answer: "fail" });
  });

  it("20 concurrent copies of the success message pay out once", async () => {
    desk.payInstantly(false);
    const w = await approved(7_000);
    await submitPayout(t.db, clock, provider(), w.payoutId);
    desk.settle(payoutNumber(w.payoutId), { status: "SUCCESS" });
    const message = desk.message(payoutNumber(w.payoutId));
    const [holdBefore, paidBefore, entriesBefore] = [await m().hold(), await m().paidOut(), await m().entries()];
    const results = await atOnce(t.url, 20, (db) => deliver(message, db));
    expect(results.map((r) => ("result" in r ? r.result?.outcome : r.refused)).sort()).toEqual(["paid", ...Array<string>(19).fill("duplicate")].sort());
    expect(results.every((r) => r.answer === "success")).toBe(true);
    expect([await m().hold(), await m().paidOut(), await m().entries()]).toEqual([holdBefore - 7_000, paidBefore + 7_000, entriesBefore + 1]);
  });

  it("no message comes: after ten minutes the sync job asks Alipay (alipay.fund.trans.common.query) and applies its answer", async () => {
    desk.payInstantly(false);
    const paid = await approved(5_000);
    const failed = await approved(5_000);
    await submitPayout(t.db, clock, provider(), paid.payoutId);
    await submitPayout(t.db, clock, provider(), failed.payoutId);
    desk.settle(payoutNumber(paid.payoutId), { status: "SUCCESS" });
    desk.settle(payoutNumber(failed.payoutId), { status: "FAIL", errorCode: "PAYEE_TRUSTEESHIP_ACC_OVER_LIMIT", failReason: "收款方单日收款额度超限" });
    expect(await syncPayouts(t.db, clock, provider())).toBe(0);
    clock.advance(PAYOUT_SYNC_AFTER_MS.processing + 1);
    expect(await syncPayouts(t.db, clock, provider())).toBe(2);
    expect(await m().withdrawal(paid.withdrawalId)).toMatchObject({ status: "paid" });
    expect(await m().withdrawal(failed.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PAYEE_LIMIT_REACHED" });
    expect(await m().cash(failed.userId)).toBe(5_000);
    expect(await syncPayouts(t.db, clock, provider())).toBe(0);
  });

  it("Alipay unreachable: the payout stays queued, nothing moves; the job submits it again with the same out_biz_no", async () => {
    const w = await approved(2_500);
    const down = alipayPayoutProvider({ ...config, gateway: "http://127.0.0.1:9/gateway.do" });
    await expect(submitPayout(t.db, clock, down, w.payoutId)).rejects.toThrow();
    expect(await m().payout(w.payoutId)).toMatchObject({ status: "queued", providerPayoutId: null });
    clock.advance(PAYOUT_SYNC_AFTER_MS.queued + 1);
    expect(await syncPayouts(t.db, clock, provider())).toBe(1);
    expect(await m().withdrawal(w.withdrawalId)).toMatchObject({ status: "paid" });
    // A second transfer request with the same number is the same transfer.
    const again = await provider().createPayout({ payoutId: w.payoutId, amountFen: 2_500, destination: { kind: "alipay", account: "x", bankCode: null, holderName: "x" }, remark: "拼拼提现" });
    expect(again.providerPayoutId).toBe(desk.transfers.get(payoutNumber(w.payoutId))?.orderId);
  });

  it("bank cards stay with the sandbox when Alipay is enabled; Alipay accounts go to the sandbox when it is not", async () => {
    const card = await approvedWithdrawal(t.db, clock, finance, { destination: { kind: "bank_card", account: luhnCard("622202", 19), holderName: "王小明", bankCode: "ICBC" }, amountFen: 1_000, enabled: ["alipay"] });
    expect(card.provider).toBe("sandbox");
    const off = await approvedWithdrawal(t.db, clock, finance, { destination: { kind: "alipay", account: "13512345678", holderName: "王小明" }, amountFen: 1_000, enabled: [] });
    expect(off.provider).toBe("sandbox");
  });
});

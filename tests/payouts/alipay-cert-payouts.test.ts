import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@/server/domain/shared/clock";
import { DomainError } from "@/server/domain/shared/errors";
import { checkLedgerInvariants } from "@/server/domain/ledger";
import { applyPayoutReport } from "@/server/domain/payouts/apply-payout-report";
import { PAYOUT_SYNC_AFTER_MS, submitPayout, syncPayouts } from "@/server/domain/payouts/submit-payout";
import type { Actor } from "@/server/domain/audit/record-audit";
import { alipayPayoutProvider } from "@/server/payouts/alipay-payouts";
import { payoutNumber } from "@/server/payouts/payout-number";
import type { AlipayConfig } from "@/server/providers/alipay/alipay-config";
import { readProviderConfigs } from "@/server/providers/provider-env";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { approvedWithdrawal, moneyProbe } from "../helpers/payout-flow";
import { makeStandInCredentials, standInEnv, withAlipayCertificates } from "../support/stand-ins/stand-in-credentials";
import { alipaySign, startAlipayStandIn, type AlipayStandIn } from "../support/stand-ins/alipay-stand-in";
import { alipayTransferDesk } from "../support/stand-ins/alipay-transfers";

/**
 * Withdrawals paid by Alipay's transfer (alipay.fund.trans.uni.transfer) in certificate mode, the mode
 * Alipay requires for fund transfers: our server configured from the three certificates as in production
 * (readProviderConfigs), against the stand-in in the same mode (app_cert_sn / alipay_root_cert_sn checked,
 * answers and the order.changed message signed with the key of Alipay's certificate).
 */
let t: TestDb;
let stand: AlipayStandIn;
let config: AlipayConfig;
let finance: Actor;
const creds = withAlipayCertificates(makeStandInCredentials());
const certs = creds.alipay.certificates!;
const desk = alipayTransferDesk({ appId: creds.alipay.appId, alipayPrivateKey: creds.alipay.alipayPrivateKey });
const clock = new FixedClock(new Date().toISOString());
let n = 0;

const envFor = (gateway: string) => standInEnv(creds, { alipayGateway: gateway, wechatOrigin: "http://127.0.0.1:9", publicBaseUrl: "https://shop.example" });

beforeAll(async () => {
  t = await createTestDb();
  finance = { id: (await createUser(t.db, { role: "finance" })).id, role: "finance", ip: "203.0.113.9" };
  stand = await startAlipayStandIn({ appId: creds.alipay.appId, sellerId: creds.alipay.sellerId, appPublicKey: creds.alipay.appPublicKey, alipayPrivateKey: creds.alipay.alipayPrivateKey, certificates: certs, methods: desk.methods });
  const env = envFor(stand.gateway);
  expect(env.ALIPAY_PUBLIC_KEY).toBeUndefined();
  config = readProviderConfigs(env).alipay!;
  expect(config.certificates).not.toBeNull();
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

async function approved(amountFen: number, opts: { holderName?: string } = {}) {
  const account = `136${String(++n).padStart(8, "0")}`;
  desk.openAccount(account, "李小红");
  return approvedWithdrawal(t.db, clock, finance, { destination: { kind: "alipay", account, holderName: opts.holderName ?? "李小红" }, amountFen, enabled: ["alipay"] });
}

async function deliver(params: Record<string, string>) {
  const p = provider();
  try {
    const report = await p.verifyCallback({ rawBody: desk.formBody(params), headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }) }, clock.now());
    const result = await t.db.transaction((tx) => applyPayoutReport(tx, clock, "alipay", report));
    return { result, answer: await p.answerCallback!(null).text() };
  } catch (e) {
    return { refused: e instanceof DomainError ? e.code : String(e), answer: await p.answerCallback!(e).text() };
  }
}

describe("Alipay transfers in certificate mode", () => {
  it("a transfer succeeds: hold → payout_clearing once; the stand-in accepted our SNs; the later message verifies with Alipay's certificate and is a duplicate", async () => {
    const w = await approved(15_000);
    const refusedBefore = stand.refusals.length;
    const before = [await m().hold(), await m().paidOut()];
    expect(await submitPayout(t.db, clock, provider(), w.payoutId)).toBe("submitted");
    expect(stand.refusals.length).toBe(refusedBefore);
    const transfer = desk.transfers.get(payoutNumber(w.payoutId));
    expect(transfer).toMatchObject({ amount: "150.00", status: "SUCCESS" });
    expect(await m().payout(w.payoutId)).toMatchObject({ provider: "alipay", status: "succeeded", providerPayoutId: transfer!.orderId });
    expect(await m().withdrawal(w.withdrawalId)).toMatchObject({ status: "paid" });
    expect([await m().hold(), await m().paidOut()]).toEqual([before[0]! - 15_000, before[1]! + 15_000]);
    expect(await deliver(desk.message(payoutNumber(w.payoutId)))).toEqual({ result: { outcome: "duplicate" }, answer: "success" });
  });

  it("a refused transfer (the name does not match the account) returns the funds with Alipay's reason", async () => {
    const w = await approved(4_200, { holderName: "李晓红" });
    await submitPayout(t.db, clock, provider(), w.payoutId);
    expect(desk.transfers.has(payoutNumber(w.payoutId))).toBe(false);
    expect(await m().cash(w.userId)).toBe(4_200);
    expect(await m().withdrawal(w.withdrawalId)).toMatchObject({ status: "failed", failureCode: "PAYEE_NAME_MISMATCH", failureReason: expect.stringContaining("PAYEE_USER_INFO_ERROR") });
  });

  it("left DEALING, Alipay's FAIL message (signed with its certificate's key) returns the funds once", async () => {
    desk.payInstantly(false);
    const w = await approved(3_000);
    await submitPayout(t.db, clock, provider(), w.payoutId);
    expect(await m().payout(w.payoutId)).toMatchObject({ status: "processing" });
    desk.settle(payoutNumber(w.payoutId), { status: "FAIL", errorCode: "PAYEE_ACCOUNT_STATUS_ERROR", failReason: "收款方账户状态异常" });
    const message = desk.message(payoutNumber(w.payoutId));
    expect(await deliver(message)).toEqual({ result: { outcome: "failed", withdrawalId: w.withdrawalId }, answer: "success" });
    expect(await deliver(message)).toEqual({ result: { outcome: "duplicate" }, answer: "success" });
    expect(await m().cash(w.userId)).toBe(3_000);
  });

  it("a wrong app_cert_sn is refused by Alipay's side: nothing is transferred, the payout stays queued with the money held, and goes through once the certificate is right", async () => {
    const w = await approved(2_000);
    const held = await m().hold();
    const otherAppCert = certs.issueLeaf(creds.alipay.appPublicKey, `${creds.alipay.sellerId}-${creds.alipay.appId}`);
    const wrong = alipayPayoutProvider(readProviderConfigs({ ...envFor(stand.gateway), ALIPAY_APP_CERT: otherAppCert }).alipay!);
    await expect(submitPayout(t.db, clock, wrong, w.payoutId)).rejects.toThrow(/40002 isv.app-cert-not-exist/);
    expect(stand.refusals.at(-1)).toEqual({ method: "alipay.fund.trans.uni.transfer", subCode: "isv.app-cert-not-exist" });
    expect(desk.transfers.has(payoutNumber(w.payoutId))).toBe(false);
    expect(await m().payout(w.payoutId)).toMatchObject({ status: "queued", providerPayoutId: null });
    expect([await m().hold(), await m().cash(w.userId)]).toEqual([held, 0]);
    clock.advance(PAYOUT_SYNC_AFTER_MS.queued + 1);
    expect(await syncPayouts(t.db, clock, provider())).toBe(1);
    expect(await m().withdrawal(w.withdrawalId)).toMatchObject({ status: "paid" });
  });

  it("a message signed with a key other than Alipay's certificate's is refused and answered fail", async () => {
    const w = await approved(1_000);
    await submitPayout(t.db, clock, provider(), w.payoutId);
    const { sign: _, ...fields } = desk.message(payoutNumber(w.payoutId));
    // The same message signed with the app's key (a key that has a certificate from the same CA, but is not Alipay's).
    expect(await deliver({ ...fields, sign: alipaySign(fields, creds.alipay.appPrivateKey) })).toMatchObject({ refused: "WEBHOOK_SIGNATURE_INVALID", answer: "fail" });
    expect(await deliver({ ...fields, sign: alipaySign(fields, creds.alipay.alipayPrivateKey) })).toEqual({ result: { outcome: "duplicate" }, answer: "success" });
  });
});

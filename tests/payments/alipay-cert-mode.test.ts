import { describe, expect, it } from "vitest";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { gatewayEvents, gatewayRefunds } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { refundOrder } from "@/server/domain/store/refund-order";
import { createTopup } from "@/server/domain/wallet/create-topup";
import { submitOpenRefunds } from "@/server/domain/wallet/provider-refunds";
import { syncPayments } from "@/server/domain/wallet/sync-payments";
import { alipayPaymentProvider } from "@/server/payments/alipay-payments";
import { readProviderConfigs } from "@/server/providers/provider-env";
import { createUser } from "../helpers/factories";
import { checkout, createBuyer, createProduct } from "../store/fixtures";
import { alipayCertSn, alipayRootCertSn } from "../support/stand-ins/alipay-certificates";
import { standInEnv } from "../support/stand-ins/stand-in-credentials";
import { providerSuite } from "./provider-harness";

/**
 * Alipay in certificate mode (公钥证书模式), end to end against the stand-in in the same mode: our server
 * is configured with the three certificates exactly as an operator sets them (ALIPAY_APP_CERT,
 * ALIPAY_PUBLIC_CERT, ALIPAY_ROOT_CERT), the official SDK adds app_cert_sn and alipay_root_cert_sn to
 * every request, the stand-in checks them against SNs it computes itself and signs with the key of
 * Alipay's certificate, which is the key our server takes from that certificate to verify.
 */
const suite = providerSuite({ max: 6, alipayCertificates: true });
const { clock, finance, cash, order } = suite;

const certs = () => suite.h.creds.alipay.certificates!;
/** Our server's Alipay provider with some variables changed from the harness's (a mistaken operator). */
const providerWith = (changes: Record<string, string | undefined>) =>
  alipayPaymentProvider(readProviderConfigs({ ...standInEnv(suite.h.creds, { alipayGateway: suite.h.standIns.alipay.gateway, wechatOrigin: suite.h.standIns.wechatpay.origin, publicBaseUrl: "https://shop.example" }), ...changes }).alipay!);

async function topup(amountFen: number, provider = suite.h.providers.alipay) {
  const user = await createUser(suite.t.db);
  const o = await suite.t.db.transaction((tx) => createTopup(tx, clock, { userId: user.id, amountFen, provider: "alipay" }));
  const start = await provider.startPayment(suite.h.request("alipay", o));
  if (start.kind !== "redirect") throw new Error("expected a redirect");
  return { userId: user.id, id: o.id, url: new URL(start.url), page: await (await fetch(start.url)).text() };
}

describe("Alipay certificate mode", () => {
  it("is what the server runs in: the SDK's SNs are the ones Alipay's rule gives for the configured certificates", () => {
    const c = suite.h.configs.alipay!.certificates!;
    expect(c.appCertSn).toBe(alipayCertSn(certs().appCert));
    expect(c.alipayCertSn).toBe(alipayCertSn(certs().alipayCert));
    expect(c.rootCertSn).toBe(alipayRootCertSn(certs().rootCert));
    expect(c.rootCertSn).toMatch(/^[0-9a-f]{32}_[0-9a-f]{32}$/); // both RSA roots of the file
    expect(suite.h.configs.alipay!.alipayPublicKey.equals(suite.h.creds.alipay.alipayPublicKey)).toBe(true);
  });

  it("a paid trade's notification credits once; the wap.pay link carried app_cert_sn and alipay_root_cert_sn", async () => {
    const o = await topup(6_600);
    expect(o.page).toContain("确认付款");
    expect(o.url.searchParams.get("app_cert_sn")).toBe(alipayCertSn(certs().appCert));
    expect(o.url.searchParams.get("alipay_root_cert_sn")).toBe(alipayRootCertSn(certs().rootCert));
    expect(await suite.h.standIns.alipay.pay(o.id)).toEqual({ status: 200, body: "success" });
    expect(await cash(o.userId)).toBe(6_600);
    const trade = suite.h.standIns.alipay.trades.get(o.id)!;
    // Alipay delivers again: the same trade, nothing more.
    expect(await suite.h.standIns.alipay.sendNotification(suite.h.notifyUrl("alipay"), suite.h.standIns.alipay.notificationFor(trade))).toEqual({ status: 200, body: "success" });
    expect(await cash(o.userId)).toBe(6_600);
    expect(await suite.t.db.select().from(gatewayEvents).where(eq(gatewayEvents.paymentOrderId, o.id))).toHaveLength(1);
    expect(await order(o.id)).toMatchObject({ status: "paid", gatewayTxnId: trade.tradeNo });
  });

  it("queries a silent payment (payments.sync): the answer carries alipay_cert_sn and verifies with the certificate's key", async () => {
    const o = await topup(900);
    suite.h.standIns.alipay.trades.get(o.id)!.status = "TRADE_SUCCESS"; // paid, the notification lost
    const later = new FixedClock(new Date(clock.now().getTime() + 2 * 60_000));
    expect(await syncPayments(suite.t.db, later, suite.h.providerFor)).toBeGreaterThanOrEqual(1);
    expect(await order(o.id)).toMatchObject({ status: "paid" });
    expect(await cash(o.userId)).toBe(900);
    const raw = await (await fetch(`${suite.h.standIns.alipay.gateway}?method=alipay.trade.query`)).text();
    expect(raw).toContain(`"alipay_cert_sn":"${alipayCertSn(certs().alipayCert)}"`); // how the stand-in answers in this mode
  });

  it("refunds a store order paid through Alipay in certificate mode", async () => {
    const buyer = await createBuyer(suite.t.db, clock);
    const product = await createProduct(suite.t.db, clock, { priceFen: 4_000 });
    const placed = await checkout(suite.t.db, clock, { userId: buyer.id, lines: [{ productId: product.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "gateway", provider: "alipay" });
    const start = await suite.h.providers.alipay.startPayment(suite.h.request("alipay", { id: placed.paymentOrderId!, amountFen: 4_000 }));
    if (start.kind === "redirect") await fetch(start.url);
    expect(await suite.h.standIns.alipay.pay(placed.paymentOrderId!)).toEqual({ status: 200, body: "success" });
    await suite.t.db.transaction((tx) => refundOrder(tx, clock, finance, { orderId: placed.id, refundId: randomUUID(), amountFen: 4_000, note: "退货" }));
    await submitOpenRefunds(suite.t.db, clock, suite.h.providerFor, { orderId: placed.id });
    const [r] = await suite.t.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.orderId, placed.id));
    expect(r).toMatchObject({ status: "succeeded", provider: "alipay", amountFen: 4_000 });
    expect(suite.h.standIns.alipay.trades.get(placed.paymentOrderId!)!.refunded.get(r!.id)).toBe("40.00");
  });

  it("the stand-in refuses a wrong app_cert_sn (another certificate for the same key) and a request without SNs; nothing is credited", async () => {
    const refusedBefore = suite.h.standIns.alipay.refusals.length;
    const otherAppCert = certs().issueLeaf(suite.h.creds.alipay.appPublicKey, `${suite.h.creds.alipay.sellerId}-${suite.h.creds.alipay.appId}`);
    const wrong = providerWith({ ALIPAY_APP_CERT: otherAppCert });
    const o = await topup(1_200, wrong);
    expect(o.url.searchParams.get("app_cert_sn")).toBe(alipayCertSn(otherAppCert));
    expect(o.page).toContain("isv.app-cert-not-exist");
    expect(suite.h.standIns.alipay.trades.has(o.id)).toBe(false);
    await expect(wrong.queryPayment({ paymentOrderId: o.id })).rejects.toThrow(/40002 isv.app-cert-not-exist/);
    // An app keyed in certificate mode, called in public-key mode (no SNs at all): refused the same way.
    const publicKeyMode = providerWith({ ALIPAY_APP_CERT: undefined, ALIPAY_PUBLIC_CERT: undefined, ALIPAY_ROOT_CERT: undefined, ALIPAY_PUBLIC_KEY: suite.h.creds.alipay.alipayPublicKey.export({ type: "spki", format: "pem" }).toString() });
    await expect(publicKeyMode.queryPayment({ paymentOrderId: o.id })).rejects.toThrow(/isv.app-cert-not-exist/);
    expect(suite.h.standIns.alipay.refusals.slice(refusedBefore).map((r) => r.subCode)).toEqual(["isv.app-cert-not-exist", "isv.app-cert-not-exist", "isv.app-cert-not-exist"]);
    expect(await cash(o.userId)).toBe(0);
    expect(await order(o.id)).toMatchObject({ status: "pending" });
  });

  it("verifies with the key of the configured Alipay certificate: one for another key fails every answer and notification", async () => {
    const o = await topup(700);
    const trade = suite.h.standIns.alipay.trades.get(o.id)!;
    trade.status = "TRADE_SUCCESS";
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    const misled = providerWith({ ALIPAY_PUBLIC_CERT: certs().issueLeaf(stranger, "Not Alipay") });
    await expect(misled.queryPayment({ paymentOrderId: o.id })).rejects.toThrow(/验签失败/);
    const body = new URLSearchParams(suite.h.standIns.alipay.notificationFor(trade)).toString();
    expect(() => misled.verifyNotification({ rawBody: body, headers: new Headers() }, clock.now())).toThrow(/WEBHOOK_SIGNATURE_INVALID/);
    // The right certificate takes the same notification.
    const report = suite.h.providers.alipay.verifyNotification({ rawBody: body, headers: new Headers() }, clock.now());
    expect(report && "event" in report ? report.event : null).toMatchObject({ type: "payment.captured", orderId: o.id, amountFen: 700 });
  });
});

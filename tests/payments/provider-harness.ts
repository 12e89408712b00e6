import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { paymentOrders, type PaymentProviderName } from "@/db/schema";
import type { Db } from "@/db/client";
import { checkLedgerInvariants, readUserBalances } from "@/server/domain/ledger";
import { FixedClock, type Clock } from "@/server/domain/shared/clock";
import { alipayPaymentProvider } from "@/server/payments/alipay-payments";
import type { PaymentProvider } from "@/server/payments/payment-provider";
import { receivePaymentNotification } from "@/server/payments/receive-notification";
import { wechatpayPaymentProvider } from "@/server/payments/wechatpay-payments";
import { readProviderConfigs, type ProviderConfigs } from "@/server/providers/provider-env";
import { startStandInServer } from "../support/stand-ins/http-util";
import { makeStandInCredentials, standInEnv, withAlipayCertificates, type StandInCredentials } from "../support/stand-ins/stand-in-credentials";
import { startStandIns } from "../support/stand-ins/start-stand-ins";
import { createUser } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

/**
 * Both providers' stand-ins, our adapters configured against them exactly as production is (the same
 * environment variables), and a local notify endpoint that runs what /api/webhooks/payments/<name>
 * runs (receivePaymentNotification), so each stand-in delivers over HTTP and sees our real answer.
 * `alipayCertificates`: Alipay in certificate mode (公钥证书), the stand-in and our server alike.
 */
export async function startProviderHarness(db: Db, clock: Clock, opts: { alipayCertificates?: boolean } = {}) {
  const creds: StandInCredentials = opts.alipayCertificates ? withAlipayCertificates(makeStandInCredentials()) : makeStandInCredentials();
  const standIns = await startStandIns(creds);
  const configs: ProviderConfigs = readProviderConfigs(standInEnv(creds, { alipayGateway: standIns.alipay.gateway, wechatOrigin: standIns.wechatpay.origin, publicBaseUrl: "https://shop.example" }));
  // Filled once the endpoint's address is known (WeChat Pay's refunds name it); no request comes before.
  const providers = {} as Record<Exclude<PaymentProviderName, "sandbox">, PaymentProvider>;
  const notify = await startStandInServer(async (req, res) => {
    const name = req.url.pathname.slice(1) as keyof typeof providers;
    const provider = providers[name];
    if (!provider) return res.writeHead(404).end();
    const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
    const answer = await receivePaymentNotification(db, clock, provider, { rawBody: req.body, headers, verifiedAt: new Date() });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(await answer.text());
  });
  // WeChat Pay's refunds name our notify endpoint (REFUND.* notifications), as in production.
  Object.assign(providers, {
    alipay: alipayPaymentProvider(configs.alipay!),
    wechatpay: wechatpayPaymentProvider(configs.wechatpay!, undefined, { refundNotifyUrl: `${notify.origin}/wechatpay` }),
  });
  return {
    creds,
    configs,
    standIns,
    providers,
    providerFor: (name: PaymentProviderName) => (name === "sandbox" ? null : providers[name]),
    notifyUrl: (name: keyof typeof providers) => `${notify.origin}/${name}`,
    /** The request each test opens a payment with: notify here, return anywhere. */
    request: (name: keyof typeof providers, order: { id: string; amountFen: number }) => ({
      paymentOrderId: order.id,
      amountFen: order.amountFen,
      currency: "CNY",
      description: "拼拼 零钱充值",
      returnUrl: `https://shop.example/pay/${name}/${order.id}?returned=1`,
      notifyUrl: `${notify.origin}/${name}`,
      clientIp: "203.0.113.7",
      channel: "h5" as const,
      openid: null,
    }),
    close: () => Promise.all([standIns.close(), notify.close()]).then(() => undefined),
  };
}
export type ProviderHarness = Awaited<ReturnType<typeof startProviderHarness>>;

/**
 * A test file's provider suite: its own database, the harness, a finance operator, and the ledger's
 * invariants checked after every test; `cash` and `order` read what the tests assert on. Fields are
 * set in `beforeAll` (read them inside tests, not at load).
 */
export function providerSuite(opts: { max?: number; alipayCertificates?: boolean } = {}) {
  const suite = {
    clock: new FixedClock("2026-11-25T12:00:00Z"),
    t: undefined as unknown as TestDb,
    h: undefined as unknown as ProviderHarness,
    finance: { id: "", role: "finance" as const, ip: "127.0.0.1" },
    cash: async (userId: string) => (await readUserBalances(suite.t.db, userId)).cash,
    order: async (id: string) => {
      const [row] = await suite.t.db.select().from(paymentOrders).where(eq(paymentOrders.id, id));
      if (!row) throw new Error(`no payment order ${id}`);
      return row;
    },
  };
  beforeAll(async () => {
    suite.t = await createTestDb({ max: opts.max ?? 8 });
    suite.h = await startProviderHarness(suite.t.db, suite.clock, { alipayCertificates: opts.alipayCertificates });
    suite.finance.id = (await createUser(suite.t.db, { role: "finance" })).id;
  });
  afterEach(async () => {
    expect(await checkLedgerInvariants(suite.t.db)).toEqual([]);
  });
  afterAll(async () => {
    await suite.h.close();
    await suite.t.drop();
  });
  return suite;
}

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { paymentChecks } from "@/db/schema";
import { FixedClock } from "@/server/domain/shared/clock";
import { PAYMENT_CHECK_ORDER_GAP_MS, PAYMENT_CHECK_WINDOW_MS, PAYMENT_CHECKS_PER_SHOPPER } from "@/server/domain/wallet/payment-check-limit";
import { saveWechatOpenid } from "@/server/domain/users/wechat-openid";
import { toWechatNo } from "@/server/payments/wechatpay-payments";
import { sandboxGatewayOn, readProviderConfigs } from "@/server/providers/provider-env";
import { callerFor, catchTrpc } from "../helpers/api-caller";
import { createTestDb, type TestDb } from "../helpers/test-db";
import { createUser } from "../helpers/factories";
import { createBuyer, createProduct } from "../store/fixtures";
import { bareConfig, groupFixtures } from "../helpers/group-fixtures";
import { makeStandInCredentials, standInEnv } from "../support/stand-ins/stand-in-credentials";
import { startStandIns } from "../support/stand-ins/start-stand-ins";

/**
 * The shopper's side through the routers, on a server configured for both stand-ins (the same
 * variables as production) with the sandbox kept on: which providers are offered to which browser,
 * payment orders opened with the chosen one, the hand-off (redirect, WeChat sign-in, JSAPI), and the
 * query on return.
 */
let t: TestDb;
let standIns: Awaited<ReturnType<typeof startStandIns>>;
const creds = makeStandInCredentials();
const clock = new FixedClock("2026-11-25T12:00:00Z");
const WECHAT_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003253) NetType/WIFI Language/zh_CN";
const PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";

beforeAll(async () => {
  t = await createTestDb();
  standIns = await startStandIns(creds);
  // Read once, on first use (server/payments/payment-providers.ts), as a server reads its environment.
  Object.assign(process.env, standInEnv(creds, { alipayGateway: standIns.alipay.gateway, wechatOrigin: standIns.wechatpay.origin, publicBaseUrl: "https://shop.example" }), { PAYMENT_GATEWAY: "sandbox" });
});
afterAll(async () => {
  await standIns.close();
  await t.drop();
});

const shopper = async (userAgent = PHONE_UA) => {
  const u = await createUser(t.db);
  return { id: u.id, caller: callerFor(t.db, clock, { id: u.id, role: "shopper" }, { userAgent }) };
};

describe("payment routers with Alipay and WeChat Pay configured", () => {
  it("offers only configured providers, WeChat Pay first inside WeChat's browser", async () => {
    expect(await (await shopper()).caller.payments.methods()).toEqual({ providers: ["sandbox", "alipay", "wechatpay"] });
    expect(await (await shopper(WECHAT_UA)).caller.payments.methods()).toEqual({ providers: ["wechatpay", "alipay", "sandbox"] });
    // The sandbox is off by default beside real providers; half a provider is no provider.
    const configs = readProviderConfigs(standInEnv(creds, { alipayGateway: "http://a.example", wechatOrigin: "http://w.example", publicBaseUrl: "https://x.example" }));
    expect(sandboxGatewayOn(undefined, configs)).toBe(false);
    expect(sandboxGatewayOn(undefined, readProviderConfigs({}))).toBe(true);
    expect(sandboxGatewayOn("off", readProviderConfigs({}))).toBe(false);
  });

  it("opens a top-up with the chosen provider and hands the shopper to Alipay's cashier", async () => {
    const s = await shopper();
    const order = await s.caller.wallet.createTopup({ amountFen: 12_300, provider: "alipay" });
    expect(order.payUrl).toBe(`/pay/alipay/${order.id}`);
    expect(await s.caller.wallet.topup({ id: order.id })).toMatchObject({ provider: "alipay", status: "pending", amountFen: 12_300 });
    const start = await s.caller.payments.start({ paymentOrderId: order.id });
    expect(start.kind).toBe("redirect");
    const url = new URL((start as { url: string }).url);
    expect(url.origin + url.pathname).toBe(standIns.alipay.gateway);
    expect(url.searchParams.get("notify_url")).toBe("https://shop.example/api/webhooks/payments/alipay");
    expect(url.searchParams.get("return_url")).toBe(`https://shop.example/pay/alipay/${order.id}?returned=1`);
    expect(JSON.parse(url.searchParams.get("biz_content")!)).toMatchObject({ out_trade_no: order.id, total_amount: "123.00", product_code: "QUICK_WAP_WAY" });
    // Someone else's order is not found; an order that is not pending cannot be started.
    expect((await catchTrpc(() => callerFor(t.db, clock, { id: randomUUID(), role: "shopper" }).payments.start({ paymentOrderId: order.id }))).domainCode).toBe("NOT_FOUND");
  });

  it("asks the provider on the shopper's return and credits what it confirms (no notification needed)", async () => {
    const s = await shopper();
    const order = await s.caller.wallet.createTopup({ amountFen: 4_200, provider: "alipay" });
    await fetch((await s.caller.payments.start({ paymentOrderId: order.id }) as { url: string }).url);
    expect(await s.caller.payments.refresh({ paymentOrderId: order.id })).toMatchObject({ status: "pending" });
    standIns.alipay.trades.get(order.id)!.status = "TRADE_SUCCESS";
    clock.advance(PAYMENT_CHECK_ORDER_GAP_MS); // one question to the provider per order every 10 s
    expect(await s.caller.payments.refresh({ paymentOrderId: order.id })).toMatchObject({ status: "paid" });
    expect((await s.caller.wallet.overview()).balances.cash).toBe(4_200);
    expect((await catchTrpc(() => s.caller.payments.start({ paymentOrderId: order.id }))).domainCode).toBe("PAYMENT_NOT_PENDING");
  });

  it("inside WeChat's browser: WeChat's sign-in first, then JSAPI parameters for the stored openid", async () => {
    const s = await shopper(WECHAT_UA);
    const order = await s.caller.wallet.createTopup({ amountFen: 1_000 });
    expect(order.payUrl).toBe(`/pay/wechatpay/${order.id}`); // the first offered there
    expect(await s.caller.payments.start({ paymentOrderId: order.id })).toEqual({ kind: "oauth", url: `/api/wechat/oauth/start?next=${encodeURIComponent(`/pay/wechatpay/${order.id}`)}` });
    await t.db.transaction((tx) => saveWechatOpenid(tx, clock, { userId: s.id, appId: creds.wechat.appId, openid: creds.wechat.openid }));
    const start = await s.caller.payments.start({ paymentOrderId: order.id });
    expect(start).toMatchObject({ kind: "jsapi", params: { appId: creds.wechat.appId, signType: "RSA" } });
    expect(standIns.wechatpay.trades.get(toWechatNo(order.id))).toMatchObject({ tradeType: "JSAPI", openid: creds.wechat.openid, total: 1_000 });
  });

  it("opens WeChat Pay H5 outside WeChat's browser, with our return URL as redirect_url", async () => {
    const s = await shopper();
    const order = await s.caller.wallet.createTopup({ amountFen: 2_000, provider: "wechatpay" });
    const start = (await s.caller.payments.start({ paymentOrderId: order.id })) as { kind: string; url: string };
    expect(start.kind).toBe("redirect");
    expect(start.url).toMatch(new RegExp(`^${standIns.wechatpay.origin}/h5pay\\?prepay_id=wx[0-9a-f]+&redirect_url=`));
    expect(standIns.wechatpay.trades.get(toWechatNo(order.id))).toMatchObject({ tradeType: "MWEB", total: 2_000 });
  });

  it("checks out and joins with the chosen provider; their pay links go to it", async () => {
    const buyer = await createBuyer(t.db, clock);
    const product = await createProduct(t.db, clock, { priceFen: 5_900 });
    const caller = callerFor(t.db, clock, { id: buyer.id, role: "shopper" }, { userAgent: PHONE_UA });
    const placed = await caller.store.checkout({ orderId: randomUUID(), lines: [{ productId: product.id, quantity: 1 }], addressId: buyer.addressId, voucherFen: 0, payWith: "gateway", provider: "wechatpay" });
    expect(placed.payUrl).toBe(`/pay/wechatpay/${placed.paymentOrderId}`);
    expect(await caller.store.order({ id: placed.id })).toMatchObject({ paymentProvider: "wechatpay" });
    const f = groupFixtures(t.db, clock);
    const a = await f.makeActivity({ priceFen: 990, groupSize: 3, winners: 1, config: bareConfig() });
    const [joiner] = await f.makeShoppers(1);
    const entryId = randomUUID();
    const joinCaller = callerFor(t.db, clock, { id: joiner!, role: "shopper" }, { userAgent: PHONE_UA });
    const join = await joinCaller.activities.joinWithGateway({ activityId: a.id, itemId: a.itemId, entryId, provider: "alipay" });
    expect(join).toMatchObject({ amountFen: 990, provider: "alipay", payUrl: `/pay/alipay/${join.paymentOrderId}` });
    // A retry of the same tap with another provider is the first order, with its provider.
    expect(await joinCaller.activities.joinWithGateway({ activityId: a.id, itemId: a.itemId, entryId, provider: "wechatpay" })).toMatchObject({ paymentOrderId: join.paymentOrderId, payUrl: `/pay/alipay/${join.paymentOrderId}` });
  });

  it("limits \"I have paid: check\" per order and per shopper, refusing with a translated retryable error that asks the provider nothing", async () => {
    const s = await shopper();
    const order = await s.caller.wallet.createTopup({ amountFen: 700, provider: "wechatpay" });
    await s.caller.payments.start({ paymentOrderId: order.id });
    const queries = () => standIns.wechatpay.requests.filter((r) => r.startsWith("GET /v3/pay/transactions/out-trade-no/")).length;
    const before = queries();
    expect(await s.caller.payments.refresh({ paymentOrderId: order.id })).toMatchObject({ status: "pending" });
    expect(queries()).toBe(before + 1);
    clock.advance(3_000);
    const tooSoon = await catchTrpc(() => s.caller.payments.refresh({ paymentOrderId: order.id }));
    expect(tooSoon).toMatchObject({ domainCode: "PAYMENT_CHECK_TOO_SOON", trpcCode: "TOO_MANY_REQUESTS" });
    expect(queries()).toBe(before + 1);
    // Said in the reader's language, with the seconds left (10 s after the first check).
    const say = (messages: typeof en, locale: string) => createTranslator({ locale, messages, namespace: "errors" })("PAYMENT_CHECK_TOO_SOON", { seconds: 7, minutes: 0 });
    expect(say(zhCN as typeof en, "zh-CN")).toBe("刚刚查询过支付结果，请 7 秒后再查");
    expect(say(en, "en")).toBe("We just checked this payment with the provider. Check again in 7 seconds.");
    clock.advance(PAYMENT_CHECK_ORDER_GAP_MS);
    expect(await s.caller.payments.refresh({ paymentOrderId: order.id })).toMatchObject({ status: "pending" });
    expect(queries()).toBe(before + 2);

    // Across their orders: PAYMENT_CHECKS_PER_SHOPPER a minute, then refused until the oldest leaves the window.
    const more: { id: string }[] = [];
    for (let i = 0; i < PAYMENT_CHECKS_PER_SHOPPER; i++) more.push(await s.caller.wallet.createTopup({ amountFen: 100 + i, provider: "wechatpay" }));
    clock.advance(PAYMENT_CHECK_WINDOW_MS); // the first two checks are out of the window
    for (const o of more) await s.caller.payments.refresh({ paymentOrderId: o.id });
    const last = await s.caller.wallet.createTopup({ amountFen: 999, provider: "wechatpay" });
    expect((await catchTrpc(() => s.caller.payments.refresh({ paymentOrderId: last.id }))).domainCode).toBe("PAYMENT_CHECK_TOO_SOON");
    // Taps at once see each other: of 5 concurrent checks of a fresh shopper's order, one asks the provider.
    const other = await shopper();
    const o2 = await other.caller.wallet.createTopup({ amountFen: 300, provider: "wechatpay" });
    const settled = await Promise.allSettled(Array.from({ length: 5 }, () => other.caller.payments.refresh({ paymentOrderId: o2.id })));
    expect(settled.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [n] = await t.db.select({ n: count() }).from(paymentChecks).where(and(eq(paymentChecks.userId, other.id), eq(paymentChecks.paymentOrderId, o2.id)));
    expect(n!.n).toBe(1);
  });
});

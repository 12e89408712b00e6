import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@/server/domain/shared/errors";
import { createAlipayClient } from "@/server/providers/alipay/create-alipay-client";
import { alipaySignContent, parseAlipayForm, verifyAlipayNotification } from "@/server/providers/alipay/verify-alipay-notification";
import { alipayYuanToFen, fenToAlipayYuan } from "@/server/providers/alipay/alipay-amount";
import { readProviderConfigs, type ProviderConfigs } from "@/server/providers/provider-env";
import { decryptWechatpayResource } from "@/server/providers/wechatpay/decrypt-resource";
import { jsapiPayParams } from "@/server/providers/wechatpay/jsapi-params";
import { requestSignMessage } from "@/server/providers/wechatpay/sign-request";
import { verifyWechatpaySignature } from "@/server/providers/wechatpay/verify-wechatpay-signature";
import { createWechatpayClient, WechatpayApiError } from "@/server/providers/wechatpay/wechatpay-client";
import { exchangeWechatOauthCode, wechatAuthorizeUrl } from "@/server/providers/wechat-oauth/wechat-oauth";
import { makeStandInCredentials, standInEnv, type StandInCredentials } from "../support/stand-ins/stand-in-credentials";
import { startStandIns } from "../support/stand-ins/start-stand-ins";
import { encryptResource } from "../support/stand-ins/wechatpay-stand-in";

let creds: StandInCredentials;
let standIns: Awaited<ReturnType<typeof startStandIns>>;
let configs: ProviderConfigs;

beforeAll(async () => {
  creds = makeStandInCredentials();
  standIns = await startStandIns(creds);
  configs = readProviderConfigs(standInEnv(creds, { alipayGateway: standIns.alipay.gateway, wechatOrigin: standIns.wechatpay.origin, publicBaseUrl: "https://shop.example" }));
});
afterAll(() => standIns.close());

const code = (f: () => unknown): string => {
  try {
    f();
    return "ok";
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};
const flip = (s: string, at = Math.floor(s.length / 2)): string => s.slice(0, at) + (s[at] === "A" ? "B" : "A") + s.slice(at + 1);

describe("provider configuration", () => {
  it("is off when nothing is set, on when everything is, and refuses a half configuration naming what is missing", () => {
    expect(readProviderConfigs({})).toEqual({ publicBaseUrl: null, alipay: null, wechatpay: null, wechatOauth: null });
    expect(configs.alipay?.appId).toBe(creds.alipay.appId);
    expect(configs.wechatpay?.platformKeys.has(creds.wechat.platformSerial)).toBe(true);
    expect(configs.wechatOauth?.appId).toBe(creds.wechat.appId);
    expect(() => readProviderConfigs({ ALIPAY_APP_ID: "2021000000000001", PUBLIC_BASE_URL: "https://x.example" })).toThrow(/Alipay is partly configured: set ALIPAY_PRIVATE_KEY, ALIPAY_SELLER_ID too[\s\S]*set Alipay's public key \(ALIPAY_PUBLIC_KEY, public-key mode\) or the three certificates/);
    const env = standInEnv(creds, { alipayGateway: "http://a.example", wechatOrigin: "http://w.example", publicBaseUrl: "https://x.example" });
    expect(() => readProviderConfigs({ ...env, WECHATPAY_APIV3_KEY: "short", ALIPAY_PUBLIC_KEY: "not a key" })).toThrow(/WECHATPAY_APIV3_KEY: the APIv3 key is 32 characters[\s\S]*|ALIPAY_PUBLIC_KEY: cannot be read/);
    expect(() => readProviderConfigs({ ...env, PUBLIC_BASE_URL: undefined })).toThrow(/PUBLIC_BASE_URL/);
  });

  it("reads keys pasted as bare base64 (as Alipay's tools print them) and PEM with literal \\n", () => {
    const env = standInEnv(creds, { alipayGateway: "http://a.example", wechatOrigin: "http://w.example", publicBaseUrl: "https://x.example" });
    const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const c = readProviderConfigs({ ...env, ALIPAY_PRIVATE_KEY: bare(env.ALIPAY_PRIVATE_KEY!), ALIPAY_PUBLIC_KEY: bare(env.ALIPAY_PUBLIC_KEY!), WECHATPAY_PRIVATE_KEY: env.WECHATPAY_PRIVATE_KEY!.replace(/\n/g, "\\n") });
    expect(c.alipay?.privateKey.asymmetricKeyType).toBe("rsa");
    expect(c.wechatpay?.merchantPrivateKey.asymmetricKeyType).toBe("rsa");
  });
});

describe("Alipay low-level client", () => {
  it("builds a wap.pay link the gateway accepts (RSA2 over the sorted request) and queries the trade with a verified response", async () => {
    const sdk = createAlipayClient(configs.alipay!);
    const url = sdk.pageExec("alipay.trade.wap.pay", "GET", { bizContent: { out_trade_no: "T-1", total_amount: "12.34", subject: "top-up", product_code: "QUICK_WAP_WAY" }, notifyUrl: "https://shop.example/n", returnUrl: "https://shop.example/r" });
    expect(url.startsWith(standIns.alipay.gateway)).toBe(true);
    const page = await (await fetch(url)).text();
    expect(page).toContain("¥12.34");
    const query = await sdk.exec("alipay.trade.query", { bizContent: { out_trade_no: "T-1" } }, { validateSign: true });
    expect(query).toMatchObject({ code: "10000", trade_status: "WAIT_BUYER_PAY", total_amount: "12.34" });
  });

  it("refuses a response signed with another key", async () => {
    const other = makeStandInCredentials();
    const sdk = createAlipayClient({ ...configs.alipay!, alipayPublicKey: other.alipay.alipayPublicKey });
    await expect(sdk.exec("alipay.trade.query", { bizContent: { out_trade_no: "T-1" } }, { validateSign: true })).rejects.toThrow(/验签失败/);
  });

  it("verifies a notification over the sorted parameters without sign and sign_type, as the SDK does", () => {
    const trade = standIns.alipay.trades.get("T-1")!;
    const params = standIns.alipay.notificationFor(trade, { subject: "充值 100%" });
    const expectKeys = { alipayPublicKey: creds.alipay.alipayPublicKey, appId: creds.alipay.appId, sellerId: creds.alipay.sellerId };
    // Through the form encoding it travels in.
    const received = parseAlipayForm(new URLSearchParams(params).toString());
    expect(code(() => verifyAlipayNotification(received, expectKeys))).toBe("ok");
    expect(createAlipayClient(configs.alipay!).checkNotifySignV2(received)).toBe(true);
    expect(alipaySignContent({ b: "2", a: "1", sign: "x", sign_type: "RSA2", c: "" })).toBe("a=1&b=2");
    expect(code(() => verifyAlipayNotification({ ...received, total_amount: "12.35" }, expectKeys))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => verifyAlipayNotification({ ...received, sign: flip(received.sign!) }, expectKeys))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => verifyAlipayNotification({ ...received, sign_type: "RSA" }, expectKeys))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => verifyAlipayNotification(received, { ...expectKeys, appId: "2021000000000999" }))).toBe("WEBHOOK_MERCHANT_MISMATCH");
    expect(code(() => verifyAlipayNotification(received, { ...expectKeys, sellerId: "2088000000000999" }))).toBe("WEBHOOK_MERCHANT_MISMATCH");
    expect(() => parseAlipayForm("a=1&a=2")).toThrow(DomainError);
  });

  it("converts yuan and fen exactly", () => {
    expect(alipayYuanToFen("88.88")).toBe(8888);
    expect(alipayYuanToFen("0.1")).toBe(10);
    expect(alipayYuanToFen("100")).toBe(10000);
    expect(() => alipayYuanToFen("1.234")).toThrow(DomainError);
    expect(fenToAlipayYuan(12345)).toBe("123.45");
    expect(fenToAlipayYuan(5)).toBe("0.05");
  });
});

describe("WeChat Pay v3 low-level client", () => {
  it("signs requests the stand-in accepts and verifies its signed answers", async () => {
    const client = createWechatpayClient(configs.wechatpay!);
    const created = await client.request<{ h5_url: string }>("POST", "/v3/pay/transactions/h5", {
      appid: creds.wechat.appId,
      mchid: creds.wechat.mchId,
      description: "top-up",
      out_trade_no: "W-1",
      notify_url: "https://shop.example/n",
      amount: { total: 100, currency: "CNY" },
      scene_info: { payer_client_ip: "127.0.0.1", h5_info: { type: "Wap" } },
    });
    expect(created?.h5_url).toMatch(/\/h5pay\?prepay_id=wx/);
    const order = await client.request<{ trade_state: string }>("GET", `/v3/pay/transactions/out-trade-no/W-1?mchid=${creds.wechat.mchId}`);
    expect(order?.trade_state).toBe("NOTPAY");
    await expect(client.request("GET", `/v3/pay/transactions/out-trade-no/NOPE?mchid=${creds.wechat.mchId}`)).rejects.toMatchObject({ status: 404, code: "ORDER_NOT_EXIST", signed: true });
  });

  it("refuses answers signed by a key it does not hold, and requests signed by another merchant key are refused", async () => {
    const other = makeStandInCredentials();
    const wrongPlatform = createWechatpayClient({ ...configs.wechatpay!, platformKeys: new Map([[creds.wechat.platformSerial, other.wechat.platformPublicKey]]) });
    await expect(wrongPlatform.request("GET", `/v3/pay/transactions/out-trade-no/W-1?mchid=${creds.wechat.mchId}`)).rejects.toMatchObject({ code: "WEBHOOK_SIGNATURE_INVALID" });
    const wrongMerchant = createWechatpayClient({ ...configs.wechatpay!, merchantPrivateKey: other.wechat.merchantPrivateKey });
    await expect(wrongMerchant.request("GET", `/v3/pay/transactions/out-trade-no/W-1?mchid=${creds.wechat.mchId}`)).rejects.toBeInstanceOf(WechatpayApiError);
  });

  it("verifies a notification: a flipped byte of body, signature or serial, or a stale timestamp, is refused", () => {
    const keys = configs.wechatpay!.platformKeys;
    const n = standIns.wechatpay.transactionNotification("W-1");
    const now = new Date();
    const h = (over: Record<string, string> = {}) => new Headers({ ...n.headers, ...over });
    expect(code(() => verifyWechatpaySignature(h(), n.body, keys, now))).toBe("ok");
    expect(code(() => verifyWechatpaySignature(h(), flip(n.body, 20), keys, now))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => verifyWechatpaySignature(h({ "wechatpay-signature": flip(n.headers["wechatpay-signature"]!) }), n.body, keys, now))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => verifyWechatpaySignature(h({ "wechatpay-serial": flip(n.headers["wechatpay-serial"]!, 14) }), n.body, keys, now))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => verifyWechatpaySignature(h(), n.body, keys, new Date(now.getTime() + 301_000)))).toBe("WEBHOOK_TIMESTAMP_STALE");
    const stale = standIns.wechatpay.transactionNotification("W-1", {}, { at: Math.floor(now.getTime() / 1000) - 301 });
    expect(code(() => verifyWechatpaySignature(new Headers(stale.headers), stale.body, keys, now))).toBe("WEBHOOK_TIMESTAMP_STALE");
  });

  it("decrypts the resource with the APIv3 key; a flipped byte of ciphertext, nonce or associated data is refused", () => {
    const n = standIns.wechatpay.transactionNotification("W-1");
    const { resource } = JSON.parse(n.body) as { resource: { algorithm: string; ciphertext: string; nonce: string; associated_data: string } };
    const key = configs.wechatpay!.apiV3Key;
    expect(JSON.parse(decryptWechatpayResource(resource, key))).toMatchObject({ out_trade_no: "W-1", mchid: creds.wechat.mchId, amount: { total: 100 } });
    expect(code(() => decryptWechatpayResource({ ...resource, ciphertext: flip(resource.ciphertext, 4) }, key))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => decryptWechatpayResource({ ...resource, nonce: flip(resource.nonce, 0) }, key))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => decryptWechatpayResource({ ...resource, associated_data: "certificate" }, key))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(code(() => decryptWechatpayResource(resource, Buffer.from("0".repeat(32))))).toBe("WEBHOOK_SIGNATURE_INVALID");
    expect(encryptResource("x", key, "123456789012", "")).not.toBe(encryptResource("x", key, "123456789013", ""));
  });

  it("builds the strings to sign exactly as WeChat Pay's documentation shows them", () => {
    // 签名生成, the documentation's example: GET /v3/certificates with an empty body.
    expect(requestSignMessage({ method: "GET", pathWithQuery: "/v3/certificates", timestamp: 1554208460, nonce: "593BEC0C930BF1AFEB40B4A08C8FB242", body: "" })).toBe("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n");
    const p = jsapiPayParams({ appId: "wx8888888888888888", merchantPrivateKey: creds.wechat.merchantPrivateKey }, "wx201410272009395522657a690389285100", new Date(1414561699_000), "5K8264ILTKCH16CQ2502SI8ZNMTM67VS");
    expect(p).toMatchObject({ appId: "wx8888888888888888", timeStamp: "1414561699", nonceStr: "5K8264ILTKCH16CQ2502SI8ZNMTM67VS", package: "prepay_id=wx201410272009395522657a690389285100", signType: "RSA" });
  });
});

describe("WeChat sign-in (snsapi_base)", () => {
  it("sends the browser to authorise and exchanges the code for the openid once", async () => {
    const link = wechatAuthorizeUrl(configs.wechatOauth!, "https://shop.example/api/wechat/oauth/callback", "s1");
    expect(link).toMatch(/scope=snsapi_base.*#wechat_redirect$/);
    const res = await fetch(link.replace(/#wechat_redirect$/, ""), { redirect: "manual" });
    const back = new URL(res.headers.get("location")!);
    expect(back.searchParams.get("state")).toBe("s1");
    const c = back.searchParams.get("code")!;
    await expect(exchangeWechatOauthCode(configs.wechatOauth!, c)).resolves.toEqual({ openid: creds.wechat.openid });
    await expect(exchangeWechatOauthCode(configs.wechatOauth!, c)).rejects.toMatchObject({ code: "CODE_INVALID" });
  });
});

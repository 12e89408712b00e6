import { createCipheriv, createSign, createVerify, randomBytes, type KeyObject } from "node:crypto";
import type { ServerResponse } from "node:http";
import { cashierPage, redirect, sendHtml, startStandInServer, type StandInRequest } from "./http-util";

/**
 * A local stand-in for WeChat Pay API v3 (api.mch.weixin.qq.com) and WeChat's web sign-in, written
 * from WeChat Pay's documentation rather than from our client: it checks each request's
 * `WECHATPAY2-SHA256-RSA2048` Authorization against the merchant's public key, signs every answer
 * (`Wechatpay-Timestamp/-Nonce/-Signature/-Serial`, SHA256withRSA over `timestamp\nnonce\nbody\n`)
 * with the platform key of `serial`, and sends notifications whose `resource` is AEAD_AES_256_GCM
 * with the APIv3 key. H5 orders get a cashier page; JSAPI orders a prepay id; refunds succeed, stay
 * processing or fail as the test decides. `/connect/oauth2/authorize` and `/sns/oauth2/access_token`
 * stand in for WeChat's snsapi_base sign-in.
 */

export interface WechatpayStandInOptions {
  mchId: string;
  appId: string;
  merchantSerial: string;
  merchantPublicKey: KeyObject;
  /** The key WeChat Pay signs with, and the serial (public key id) it names. */
  platformPrivateKey: KeyObject;
  platformSerial: string;
  apiV3Key: Buffer;
  port?: number;
  /** The openid the sign-in stand-in hands out. */
  openid?: string;
  appSecret?: string;
  /** Extra v3 routes ("POST /v3/…"): answer status and JSON (the payout side's transfers). */
  routes?: Record<string, (body: Record<string, unknown>, url: URL) => { status: number; body: unknown }>;
  /** Extra routes outside the API ("POST /transfer/accept"): what WeChat's app does for the user, answered as JSON. */
  appRoutes?: Record<string, (form: URLSearchParams) => Promise<{ status: number; body: unknown }>>;
}

export interface WechatpayTrade {
  outTradeNo: string;
  transactionId: string;
  total: number;
  description: string;
  notifyUrl: string;
  tradeType: "MWEB" | "JSAPI";
  openid: string | null;
  state: "NOTPAY" | "SUCCESS" | "CLOSED" | "REFUND";
  refunds: Map<string, { refundId: string; amount: number; status: "SUCCESS" | "PROCESSING" | "ABNORMAL" | "CLOSED"; notifyUrl: string | null }>;
}

export type WechatRefundDecision = { status: "SUCCESS" | "PROCESSING" | "ABNORMAL" } | { error: { status: number; code: string; message: string } };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** AEAD_AES_256_GCM as WeChat Pay encrypts a notification's resource: base64(ciphertext ‖ 16-byte tag). */
export function encryptResource(plaintext: string, apiV3Key: Buffer, nonce: string, associatedData: string): string {
  const cipher = createCipheriv("aes-256-gcm", apiV3Key, Buffer.from(nonce, "utf8"));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64");
}

export async function startWechatpayStandIn(options: WechatpayStandInOptions) {
  const trades = new Map<string, WechatpayTrade>();
  const prepays = new Map<string, string>();
  const codes = new Map<string, string>();
  /** Every v3 call received, as "METHOD /path" (tests count the queries they caused). */
  const requests: string[] = [];
  let refundDecision: (input: { outTradeNo: string; outRefundNo: string; refund: number }) => WechatRefundDecision = () => ({ status: "SUCCESS" });
  let origin = "";

  /** The headers WeChat Pay signs an answer or notification with. */
  function signedHeaders(body: string, at = nowSeconds(), serial = options.platformSerial): Record<string, string> {
    const nonce = randomBytes(16).toString("hex");
    const signature = createSign("RSA-SHA256").update(`${at}\n${nonce}\n${body}\n`, "utf8").sign(options.platformPrivateKey, "base64");
    return { "wechatpay-timestamp": String(at), "wechatpay-nonce": nonce, "wechatpay-signature": signature, "wechatpay-serial": serial, "request-id": randomBytes(8).toString("hex") };
  }

  function answer(res: ServerResponse, status: number, body: unknown): void {
    const text = body === null ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", ...signedHeaders(text) });
    res.end(text);
  }

  /** Checks the merchant's Authorization: schema, mchid, serial, timestamp within 5 minutes, and the signature. */
  function authorized(req: StandInRequest): boolean {
    const header = String(req.headers.authorization ?? "");
    if (!header.startsWith("WECHATPAY2-SHA256-RSA2048 ")) return false;
    const fields = Object.fromEntries([...header.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (fields.mchid !== options.mchId || fields.serial_no !== options.merchantSerial) return false;
    if (Math.abs(nowSeconds() - Number(fields.timestamp)) > 300) return false;
    const message = `${req.method}\n${req.url.pathname}${req.url.search}\n${fields.timestamp}\n${fields.nonce_str}\n${req.body}\n`;
    return createVerify("RSA-SHA256").update(message, "utf8").verify(options.merchantPublicKey, fields.signature ?? "", "base64");
  }

  function transactionOf(t: WechatpayTrade): Record<string, unknown> {
    return {
      appid: options.appId,
      mchid: options.mchId,
      out_trade_no: t.outTradeNo,
      transaction_id: t.transactionId,
      trade_type: t.tradeType,
      trade_state: t.state,
      trade_state_desc: t.state === "SUCCESS" ? "支付成功" : "未支付",
      bank_type: "OTHERS",
      attach: "",
      success_time: t.state === "SUCCESS" ? new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00") : undefined,
      payer: { openid: t.openid ?? "oStandInH5Payer000000000000" },
      amount: { total: t.total, payer_total: t.total, currency: "CNY", payer_currency: "CNY" },
    };
  }

  /**
   * A notification as WeChat Pay sends it: body `{ id, create_time, event_type, resource_type,
   * resource: { algorithm, ciphertext, associated_data, original_type, nonce }, summary }` and
   * signed headers. `at` and `serial` let a test make it stale or name another key.
   */
  function notification(eventType: string, resource: Record<string, unknown>, opts: { at?: number; serial?: string; originalType?: string } = {}): { headers: Record<string, string>; body: string } {
    const nonce = randomBytes(6).toString("hex");
    const associatedData = opts.originalType ?? "transaction";
    const body = JSON.stringify({
      id: randomBytes(16).toString("hex"),
      create_time: new Date().toISOString(),
      resource_type: "encrypt-resource",
      event_type: eventType,
      summary: eventType === "TRANSACTION.SUCCESS" ? "支付成功" : eventType,
      resource: { original_type: associatedData, algorithm: "AEAD_AES_256_GCM", ciphertext: encryptResource(JSON.stringify(resource), options.apiV3Key, nonce, associatedData), associated_data: associatedData, nonce },
    });
    return { headers: { "content-type": "application/json", ...signedHeaders(body, opts.at, opts.serial) }, body };
  }

  function transactionNotification(outTradeNo: string, overrides: Record<string, unknown> = {}, opts: { at?: number; serial?: string } = {}) {
    const t = trades.get(outTradeNo);
    if (!t) throw new Error(`no trade ${outTradeNo}`);
    return notification(t.state === "SUCCESS" ? "TRANSACTION.SUCCESS" : `TRANSACTION.${t.state}`, { ...transactionOf(t), ...overrides }, opts);
  }

  function findRefund(outRefundNo: string) {
    for (const t of trades.values()) {
      const r = t.refunds.get(outRefundNo);
      if (r) return { t, r };
    }
    throw new Error(`no refund ${outRefundNo}`);
  }

  /**
   * A refund's result as WeChat Pay notifies it (REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED):
   * the resource `{ mchid, out_trade_no, transaction_id, out_refund_no, refund_id, refund_status,
   * success_time, user_received_account, amount }`, encrypted with associated data "refund".
   */
  function refundNotification(outRefundNo: string, overrides: Record<string, unknown> = {}, opts: { at?: number; serial?: string } = {}) {
    const { t, r } = findRefund(outRefundNo);
    if (r.status === "PROCESSING") throw new Error("WeChat Pay notifies only a refund's final state");
    const resource = {
      mchid: options.mchId,
      out_trade_no: t.outTradeNo,
      transaction_id: t.transactionId,
      out_refund_no: outRefundNo,
      refund_id: r.refundId,
      refund_status: r.status,
      ...(r.status === "SUCCESS" ? { success_time: new Date().toISOString().replace(/\.\d{3}Z$/, "+08:00") } : {}),
      user_received_account: "支付用户零钱",
      amount: { total: t.total, refund: r.amount, payer_total: t.total, payer_refund: r.amount },
      ...overrides,
    };
    return notification(`REFUND.${r.status}`, resource, { ...opts, originalType: "refund" });
  }

  async function deliver(url: string, n: { headers: Record<string, string>; body: string }): Promise<{ status: number; body: string }> {
    const res = await fetch(url, { method: "POST", headers: n.headers, body: n.body });
    return { status: res.status, body: await res.text() };
  }

  /** The payer pays: the trade succeeds and the notification goes to its notify_url. */
  async function pay(outTradeNo: string): Promise<{ status: number; body: string }> {
    const t = trades.get(outTradeNo);
    if (!t) throw new Error(`no trade ${outTradeNo}`);
    t.state = "SUCCESS";
    return deliver(t.notifyUrl, transactionNotification(outTradeNo));
  }

  function newTrade(body: Record<string, unknown>, tradeType: WechatpayTrade["tradeType"]): WechatpayTrade | string {
    const amount = body.amount as { total?: unknown; currency?: unknown } | undefined;
    if (body.mchid !== options.mchId || body.appid !== options.appId) return "mchid or appid mismatch";
    if (typeof body.out_trade_no !== "string" || typeof amount?.total !== "number" || typeof body.notify_url !== "string") return "missing field";
    const existing = trades.get(body.out_trade_no);
    if (existing) return existing;
    const payer = body.payer as { openid?: string } | undefined;
    if (tradeType === "JSAPI" && !payer?.openid) return "payer.openid missing";
    const t: WechatpayTrade = { outTradeNo: body.out_trade_no, transactionId: `4200${Date.now()}${randomBytes(3).toString("hex")}`, total: amount.total, description: String(body.description ?? ""), notifyUrl: body.notify_url, tradeType, openid: payer?.openid ?? null, state: "NOTPAY", refunds: new Map() };
    trades.set(t.outTradeNo, t);
    return t;
  }

  const { close, origin: o } = await startStandInServer(async (req, res) => {
    const path = req.url.pathname;
    // WeChat's web sign-in (snsapi_base): silent, straight back with a code.
    if (path === "/connect/oauth2/authorize") {
      const code = randomBytes(8).toString("hex");
      codes.set(code, options.openid ?? "oStandInOpenid0000000000000");
      const back = new URL(req.url.searchParams.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", req.url.searchParams.get("state") ?? "");
      return redirect(res, back.toString());
    }
    if (path === "/sns/oauth2/access_token") {
      const q = req.url.searchParams;
      const openid = codes.get(q.get("code") ?? "");
      codes.delete(q.get("code") ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      if (q.get("appid") !== options.appId || (options.appSecret && q.get("secret") !== options.appSecret) || !openid) return res.end(JSON.stringify({ errcode: 40029, errmsg: "invalid code" }));
      return res.end(JSON.stringify({ access_token: randomBytes(16).toString("hex"), expires_in: 7200, refresh_token: "r", openid, scope: "snsapi_base" }));
    }
    // The H5 cashier (the page h5_url leads to) and its pay button.
    if (path === "/h5pay" && req.method === "GET") {
      const outTradeNo = prepays.get(req.url.searchParams.get("prepay_id") ?? "");
      const t = outTradeNo ? trades.get(outTradeNo) : undefined;
      if (!t) return sendHtml(res, "<p>no order</p>");
      return sendHtml(res, cashierPage({ title: "微信支付 · stand-in", amountText: `¥${(t.total / 100).toFixed(2)}`, action: `${origin}/h5pay/confirm`, fields: { out_trade_no: t.outTradeNo, redirect_url: req.url.searchParams.get("redirect_url") ?? "" }, button: "立即支付", color: "#07c160" }));
    }
    if (path === "/h5pay/confirm" && req.method === "POST") {
      const form = new URLSearchParams(req.body);
      await pay(form.get("out_trade_no") ?? "");
      return redirect(res, form.get("redirect_url") || `${origin}/h5pay/done`);
    }
    // What WeChat's app does when the payer confirms a JSAPI pay sheet (getBrandWCPayRequest): pays the prepay.
    if (path === "/jsapi/pay" && req.method === "POST") {
      const outTradeNo = prepays.get(new URLSearchParams(req.body).get("prepay_id") ?? "");
      if (!outTradeNo) return res.writeHead(404).end();
      const delivered = await pay(outTradeNo);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ err_msg: "get_brand_wcpay_request:ok", notified: delivered.status }));
    }
    const appRoute = options.appRoutes?.[`${req.method} ${path}`];
    if (appRoute) {
      const r = await appRoute(new URLSearchParams(req.body));
      res.writeHead(r.status, { "content-type": "application/json" });
      return res.end(JSON.stringify(r.body));
    }
    if (!path.startsWith("/v3/")) return res.writeHead(404).end();
    requests.push(`${req.method} ${path}`);
    if (!authorized(req)) return answer(res, 401, { code: "SIGN_ERROR", message: "签名错误" });
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    const route = options.routes?.[`${req.method} ${path}`];
    if (route) {
      const r = route(body, req.url);
      return answer(res, r.status, r.body);
    }
    if (req.method === "POST" && (path === "/v3/pay/transactions/h5" || path === "/v3/pay/transactions/jsapi")) {
      const t = newTrade(body, path.endsWith("/h5") ? "MWEB" : "JSAPI");
      if (typeof t === "string") return answer(res, 400, { code: "PARAM_ERROR", message: t });
      if (t.state === "SUCCESS") return answer(res, 400, { code: "ORDERPAID", message: "该订单已支付" });
      const prepayId = `wx${randomBytes(12).toString("hex")}`;
      prepays.set(prepayId, t.outTradeNo);
      return answer(res, 200, t.tradeType === "MWEB" ? { h5_url: `${origin}/h5pay?prepay_id=${prepayId}` } : { prepay_id: prepayId });
    }
    const byNo = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path);
    if (req.method === "GET" && byNo) {
      const t = trades.get(decodeURIComponent(byNo[1] ?? ""));
      if (!t || req.url.searchParams.get("mchid") !== options.mchId) return answer(res, 404, { code: "ORDER_NOT_EXIST", message: "订单不存在" });
      return answer(res, 200, transactionOf(t));
    }
    if (req.method === "POST" && path === "/v3/refund/domestic/refunds") {
      const t = trades.get(String(body.out_trade_no ?? ""));
      const amount = body.amount as { refund?: number; total?: number; currency?: string } | undefined;
      if (!t || t.state === "NOTPAY") return answer(res, 400, { code: "RESOURCE_NOT_EXISTS", message: "订单不存在" });
      const outRefundNo = String(body.out_refund_no ?? "");
      let r = t.refunds.get(outRefundNo);
      if (!r) {
        const refunded = [...t.refunds.values()].filter((x) => x.status !== "ABNORMAL" && x.status !== "CLOSED").reduce((s, x) => s + x.amount, 0);
        if (!amount?.refund || amount.total !== t.total || refunded + amount.refund > t.total) return answer(res, 400, { code: "INVALID_REQUEST", message: "退款金额不合法" });
        const decision = refundDecision({ outTradeNo: t.outTradeNo, outRefundNo, refund: amount.refund });
        if ("error" in decision) return answer(res, decision.error.status, { code: decision.error.code, message: decision.error.message });
        r = { refundId: `5030${Date.now()}${randomBytes(3).toString("hex")}`, amount: amount.refund, status: decision.status, notifyUrl: typeof body.notify_url === "string" ? body.notify_url : null };
        t.refunds.set(outRefundNo, r);
      }
      return answer(res, 200, refundOf(t, outRefundNo, r));
    }
    const refundNo = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
    if (req.method === "GET" && refundNo) {
      const no = decodeURIComponent(refundNo[1] ?? "");
      for (const t of trades.values()) {
        const r = t.refunds.get(no);
        if (r) return answer(res, 200, refundOf(t, no, r));
      }
      return answer(res, 404, { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" });
    }
    return answer(res, 404, { code: "NOT_FOUND", message: "stand-in: no such route" });
  }, options.port);
  origin = o;

  function refundOf(t: WechatpayTrade, outRefundNo: string, r: { refundId: string; amount: number; status: string }) {
    return { refund_id: r.refundId, out_refund_no: outRefundNo, transaction_id: t.transactionId, out_trade_no: t.outTradeNo, channel: "ORIGINAL", user_received_account: "支付用户零钱", create_time: new Date().toISOString(), status: r.status, amount: { total: t.total, refund: r.amount, payer_total: t.total, payer_refund: r.amount, currency: "CNY" } };
  }

  return {
    origin,
    close,
    trades,
    requests,
    pay,
    notification,
    transactionNotification,
    deliver,
    /** What the next refunds do (default: succeed at once). */
    decideRefunds(decide: typeof refundDecision) {
      refundDecision = decide;
    },
    /** A refund left processing is settled later, as WeChat Pay does. */
    settleRefund(outRefundNo: string, status: "SUCCESS" | "ABNORMAL" | "CLOSED") {
      for (const t of trades.values()) {
        const r = t.refunds.get(outRefundNo);
        if (r) r.status = status;
      }
    },
    refundNotification,
    /** Settles a refund and notifies it to the notify_url its request named (as WeChat Pay does); our server's answer. */
    async notifyRefund(outRefundNo: string, status: "SUCCESS" | "ABNORMAL" | "CLOSED") {
      const { r } = findRefund(outRefundNo);
      if (!r.notifyUrl) throw new Error(`refund ${outRefundNo} named no notify_url`);
      r.status = status;
      return deliver(r.notifyUrl, refundNotification(outRefundNo));
    },
  };
}
export type WechatpayStandIn = Awaited<ReturnType<typeof startWechatpayStandIn>>;

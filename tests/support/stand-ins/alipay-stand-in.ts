import { createSign, createVerify, randomBytes, X509Certificate, type KeyObject } from "node:crypto";
import type { ServerResponse } from "node:http";
import { alipayCertSn, alipayRootCertSn } from "./alipay-certificates";
import { cashierPage, redirect, sendHtml, startStandInServer, type StandInRequest } from "./http-util";

/**
 * A local stand-in for Alipay's OpenAPI gateway (`gateway.do`), written from Alipay's documentation
 * rather than from our client: it verifies our requests' RSA2 signature with the app's public key,
 * keeps a book of trades, serves a cashier for `alipay.trade.wap.pay`, sends the asynchronous
 * notification (form POST, RSA2 with Alipay's private key over the sorted parameters without `sign`
 * and `sign_type`), returns the shopper to `return_url`, and answers `alipay.trade.query`,
 * `alipay.trade.refund` and `alipay.trade.fastpay.refund.query` with responses signed over the
 * exact JSON text of `<method>_response`. Refunds succeed or fail as the test decides.
 *
 * In certificate mode (`certificates`, the app set up with 公钥证书 on the open platform) every request
 * must also carry `app_cert_sn` (the SN of the app's certificate, whose key verifies the signature) and
 * `alipay_root_cert_sn` (the SN of the root file), inside the signed string; the SNs are computed here
 * as Alipay documents them (alipay-certificates.ts), not by the SDK. A request without them or with
 * others is refused (40002) and noted in `refusals`. Responses carry `alipay_cert_sn` (the SN of
 * Alipay's certificate) beside `sign`; everything is signed with the key of Alipay's certificate.
 */

export interface AlipayStandInOptions {
  appId: string;
  sellerId: string;
  /** Verifies our requests (public-key mode; in certificate mode the app certificate's key does). */
  appPublicKey: KeyObject;
  /** Certificate mode: the app's certificate, Alipay's (for `alipayPrivateKey`) and the root file, PEM. */
  certificates?: { appCert: string; alipayCert: string; rootCert: string };
  /** Signs notifications and responses (its public half is what our server is configured with). */
  alipayPrivateKey: KeyObject;
  port?: number;
  /** Extra OpenAPI methods (e.g. the payout side's transfers): answer the `_response` object. */
  methods?: Record<string, (biz: Record<string, unknown>, params: Record<string, string>) => Record<string, unknown>>;
}

export interface AlipayTrade {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  subject: string;
  notifyUrl: string;
  returnUrl: string;
  status: "WAIT_BUYER_PAY" | "TRADE_SUCCESS" | "TRADE_CLOSED";
  refunded: Map<string, string>;
}

/** `pending`: accepted but not yet through (fund_change N, the query says nothing yet) until `settleRefund`. */
export type RefundDecision = { ok: true; pending?: boolean } | { ok: false; subCode: string; subMsg: string };

const CODE_OK = { code: "10000", msg: "Success" };

/** `yyyy-MM-dd HH:mm:ss` in Beijing time, as Alipay writes its times. */
export function alipayTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19);
}

/** RSA2 over the sorted parameters (empty, `sign` and `sign_type` left out): how Alipay signs what it sends. */
export function alipaySign(params: Record<string, string>, key: KeyObject): string {
  const content = Object.keys(params)
    .filter((k) => k !== "sign" && k !== "sign_type" && params[k] !== "")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  return createSign("RSA-SHA256").update(content, "utf8").sign(key, "base64");
}

export async function startAlipayStandIn(options: AlipayStandInOptions) {
  const trades = new Map<string, AlipayTrade>();
  let refundDecision: (input: { outTradeNo: string; refundAmount: string; outRequestNo: string }) => RefundDecision = () => ({ ok: true });
  const requests: { method: string; biz: Record<string, unknown> }[] = [];
  const pendingRefunds = new Set<string>();
  let origin = "";

  const certMode = options.certificates
    ? { appKey: new X509Certificate(options.certificates.appCert).publicKey, appCertSn: alipayCertSn(options.certificates.appCert), rootCertSn: alipayRootCertSn(options.certificates.rootCert), alipayCertSn: alipayCertSn(options.certificates.alipayCert) }
    : null;
  const refusals: { method: string; subCode: string }[] = [];

  /** Requests are signed over every parameter but `sign` (sign_type included), empty ones left out, sorted. */
  function verifyRequest(params: Record<string, string>): boolean {
    const content = Object.keys(params)
      .filter((k) => k !== "sign" && params[k] !== "")
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    return params.sign_type === "RSA2" && createVerify("RSA-SHA256").update(content, "utf8").verify(certMode?.appKey ?? options.appPublicKey, params.sign ?? "", "base64");
  }

  /** Why a request is refused (Alipay's error answer), or null. */
  function refusalOf(params: Record<string, string>): Record<string, string> | null {
    let refusal: Record<string, string> | null = null;
    // Alipay's answer for an app certificate SN it does not hold for the app (seen from its gateway: 应用公钥证书不存在).
    if (certMode && params.app_cert_sn !== certMode.appCertSn) refusal = { code: "40002", msg: "Invalid Arguments", sub_code: "isv.app-cert-not-exist", sub_msg: "应用公钥证书不存在" };
    // The stand-in's own code for a root SN that is not the root file's (Alipay's wording for it was not found).
    else if (certMode && params.alipay_root_cert_sn !== certMode.rootCertSn) refusal = { code: "40002", msg: "Invalid Arguments", sub_code: "isv.alipay-root-cert-sn-invalid", sub_msg: "支付宝根证书序列号不正确" };
    else if (!verifyRequest(params) || params.app_id !== options.appId) refusal = { code: "40002", msg: "Invalid Arguments", sub_code: "isv.invalid-signature", sub_msg: "验签出错" };
    if (refusal) refusals.push({ method: params.method ?? "", subCode: refusal.sub_code ?? "" });
    return refusal;
  }

  function respond(res: ServerResponse, method: string, payload: Record<string, unknown>): void {
    const inner = JSON.stringify(payload);
    const sign = createSign("RSA-SHA256").update(inner, "utf8").sign(options.alipayPrivateKey, "base64");
    res.writeHead(200, { "content-type": "application/json;charset=utf-8" });
    // In certificate mode Alipay names the certificate whose key signed the answer, outside the signed object.
    const certSn = certMode ? `"alipay_cert_sn":"${certMode.alipayCertSn}",` : "";
    res.end(`{"${method.replaceAll(".", "_")}_response":${inner},${certSn}"sign":"${sign}"}`);
  }

  /** The notification Alipay would send for a trade now (a test may change fields before signing). */
  function notificationFor(trade: AlipayTrade, overrides: Record<string, string> = {}, now = new Date()): Record<string, string> {
    const params: Record<string, string> = {
      gmt_create: alipayTime(now),
      charset: "utf-8",
      gmt_payment: alipayTime(now),
      notify_time: alipayTime(now),
      subject: trade.subject,
      buyer_id: "2088102177846880",
      invoice_amount: trade.totalAmount,
      version: "1.0",
      notify_id: randomBytes(16).toString("hex"),
      fund_bill_list: JSON.stringify([{ amount: trade.totalAmount, fundChannel: "ALIPAYACCOUNT" }]),
      notify_type: "trade_status_sync",
      out_trade_no: trade.outTradeNo,
      total_amount: trade.totalAmount,
      trade_status: trade.status,
      trade_no: trade.tradeNo,
      auth_app_id: options.appId,
      receipt_amount: trade.totalAmount,
      point_amount: "0.00",
      buyer_pay_amount: trade.totalAmount,
      app_id: options.appId,
      sign_type: "RSA2",
      seller_id: options.sellerId,
      ...overrides,
    };
    return { ...params, sign: alipaySign(params, options.alipayPrivateKey) };
  }

  async function sendNotification(url: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body: new URLSearchParams(params).toString() });
    return { status: res.status, body: await res.text() };
  }

  /** The buyer pays: the trade succeeds, the notification goes out. Returns our server's answer. */
  async function pay(outTradeNo: string, overrides: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const trade = trades.get(outTradeNo);
    if (!trade) throw new Error(`no trade ${outTradeNo}`);
    trade.status = "TRADE_SUCCESS";
    return sendNotification(trade.notifyUrl, notificationFor(trade, overrides));
  }

  function openApi(params: Record<string, string>, res: ServerResponse): void {
    const method = params.method ?? "";
    const refusal = refusalOf(params);
    if (refusal) return respond(res, method, refusal);
    const biz = JSON.parse(params.biz_content ?? "{}") as Record<string, string>;
    requests.push({ method, biz });
    const trade = biz.out_trade_no ? trades.get(biz.out_trade_no) : undefined;
    const extra = options.methods?.[method];
    if (extra) return respond(res, method, extra(biz, params));
    if (method === "alipay.trade.query") {
      if (!trade) return respond(res, method, { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_NOT_EXIST", sub_msg: "交易不存在" });
      return respond(res, method, { ...CODE_OK, trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, buyer_logon_id: "159****5620", trade_status: trade.status, total_amount: trade.totalAmount, buyer_pay_amount: trade.status === "TRADE_SUCCESS" ? trade.totalAmount : "0.00", send_pay_date: alipayTime(new Date()) });
    }
    if (method === "alipay.trade.refund") {
      if (!trade || trade.status !== "TRADE_SUCCESS") return respond(res, method, { code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_STATUS_ERROR", sub_msg: "交易状态不合法" });
      const outRequestNo = biz.out_request_no ?? trade.outTradeNo;
      if (!trade.refunded.has(outRequestNo)) {
        const decision = refundDecision({ outTradeNo: trade.outTradeNo, refundAmount: String(biz.refund_amount), outRequestNo });
        if (!decision.ok) return respond(res, method, { code: "40004", msg: "Business Failed", sub_code: decision.subCode, sub_msg: decision.subMsg });
        trade.refunded.set(outRequestNo, String(biz.refund_amount));
        if (decision.pending) pendingRefunds.add(outRequestNo);
      }
      const refundFee = [...trade.refunded.values()].reduce((s, v) => s + Math.round(Number(v) * 100), 0);
      return respond(res, method, { ...CODE_OK, trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, buyer_logon_id: "159****5620", fund_change: pendingRefunds.has(outRequestNo) ? "N" : "Y", refund_fee: (refundFee / 100).toFixed(2), gmt_refund_pay: alipayTime(new Date()) });
    }
    if (method === "alipay.trade.fastpay.refund.query") {
      const amount = trade?.refunded.get(biz.out_request_no ?? "");
      if (trade && amount && pendingRefunds.has(biz.out_request_no ?? "")) return respond(res, method, { ...CODE_OK, trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, out_request_no: biz.out_request_no, total_amount: trade.totalAmount, refund_amount: amount });
      if (!trade || !amount) return respond(res, method, { ...CODE_OK, out_trade_no: biz.out_trade_no, out_request_no: biz.out_request_no });
      return respond(res, method, { ...CODE_OK, trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo, out_request_no: biz.out_request_no, total_amount: trade.totalAmount, refund_amount: amount, refund_status: "REFUND_SUCCESS" });
    }
    respond(res, method, { code: "40004", msg: "Business Failed", sub_code: "isv.missing-method", sub_msg: "stand-in: unknown method" });
  }

  const { close, origin: o } = await startStandInServer(async (req: StandInRequest, res) => {
    const query = Object.fromEntries(req.url.searchParams);
    if (req.url.pathname === "/gateway.do") {
      const params = { ...query, ...(req.method === "POST" ? Object.fromEntries(new URLSearchParams(req.body)) : {}) };
      if (params.method === "alipay.trade.wap.pay") {
        const refusal = refusalOf(params);
        if (refusal) return sendHtml(res, `<p>${refusal.sub_code}</p>`);
        const biz = JSON.parse(params.biz_content ?? "{}") as Record<string, string>;
        requests.push({ method: params.method, biz });
        const outTradeNo = biz.out_trade_no ?? "";
        const known = trades.get(outTradeNo);
        if (!known) {
          trades.set(outTradeNo, {
            outTradeNo,
            tradeNo: `2026${Date.now()}${randomBytes(4).toString("hex")}`,
            totalAmount: biz.total_amount ?? "0.00",
            subject: biz.subject ?? "",
            notifyUrl: params.notify_url ?? "",
            returnUrl: params.return_url ?? "",
            status: "WAIT_BUYER_PAY",
            refunded: new Map(),
          });
        }
        return sendHtml(res, cashierPage({ title: "支付宝 · stand-in", amountText: `¥${biz.total_amount}`, action: `${origin}/cashier/pay`, fields: { out_trade_no: outTradeNo }, button: "确认付款", color: "#1677ff" }));
      }
      return openApi(params, res);
    }
    if (req.url.pathname === "/cashier/pay" && req.method === "POST") {
      const outTradeNo = new URLSearchParams(req.body).get("out_trade_no") ?? "";
      const trade = trades.get(outTradeNo);
      if (!trade) return sendHtml(res, "<p>no trade</p>");
      await pay(outTradeNo);
      const back: Record<string, string> = { charset: "utf-8", out_trade_no: trade.outTradeNo, method: "alipay.trade.wap.pay.return", total_amount: trade.totalAmount, trade_no: trade.tradeNo, auth_app_id: options.appId, version: "1.0", app_id: options.appId, sign_type: "RSA2", seller_id: options.sellerId, timestamp: alipayTime(new Date()) };
      const url = new URL(trade.returnUrl);
      for (const [k, v] of Object.entries({ ...back, sign: alipaySign(back, options.alipayPrivateKey) })) url.searchParams.set(k, v);
      return redirect(res, url.toString());
    }
    res.writeHead(404).end();
  }, options.port);
  origin = o;

  return {
    origin,
    gateway: `${origin}/gateway.do`,
    close,
    trades,
    requests,
    refusals,
    pay,
    notificationFor,
    sendNotification,
    /**
     * A refund of ours goes through (a pending one settles) and Alipay's trade notification says so:
     * `out_biz_no` our out_request_no, `refund_fee` the trade's total refunded, `gmt_refund`, and the
     * trade closed once refunded in full.
     */
    refundNotificationFor(outTradeNo: string, outRequestNo: string, overrides: Record<string, string> = {}) {
      const trade = trades.get(outTradeNo);
      if (!trade || !trade.refunded.has(outRequestNo)) throw new Error(`no refund ${outRequestNo}`);
      pendingRefunds.delete(outRequestNo);
      const refundFen = [...trade.refunded.values()].reduce((s, v) => s + Math.round(Number(v) * 100), 0);
      const full = refundFen >= Math.round(Number(trade.totalAmount) * 100);
      return notificationFor(trade, { trade_status: full ? "TRADE_CLOSED" : "TRADE_SUCCESS", out_biz_no: outRequestNo, refund_fee: (refundFen / 100).toFixed(2), gmt_refund: `${alipayTime(new Date())}.000`, ...overrides });
    },
    /** What the next refunds do (default: succeed). */
    decideRefunds(decide: typeof refundDecision) {
      refundDecision = decide;
    },
  };
}
export type AlipayStandIn = Awaited<ReturnType<typeof startAlipayStandIn>>;

import { DomainError, isDomainError } from "../domain/shared/errors";
import type { GatewayEvent } from "../domain/wallet/apply-gateway-event";
import { decryptWechatpayResource, type WechatpayResource } from "../providers/wechatpay/decrypt-resource";
import { jsapiPayParams } from "../providers/wechatpay/jsapi-params";
import { verifyWechatpaySignature } from "../providers/wechatpay/verify-wechatpay-signature";
import { createWechatpayClient, WechatpayApiError } from "../providers/wechatpay/wechatpay-client";
import type { WechatpayConfig } from "../providers/wechatpay/wechatpay-config";
import { PAYMENT_TTL_MINUTES, type NotificationReport, type PaymentProvider, type RefundReport, type RefundRequest } from "./payment-provider";

/** WeChat Pay's out_trade_no / out_refund_no allow 6–32 characters: our UUIDs without their dashes. */
export const toWechatNo = (uuid: string) => uuid.replaceAll("-", "");
export function fromWechatNo(no: string): string | null {
  const m = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(no);
  return m ? m.slice(1).join("-") : null;
}

interface Transaction {
  appid?: string;
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  amount?: { total?: number; currency?: string };
}

interface Refund {
  refund_id?: string;
  status?: string;
  user_received_account?: string;
}

/** The resource of a refund notification (REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED): the state is `refund_status`, the merchant `mchid` (no appid). */
interface RefundResource {
  mchid?: string;
  out_trade_no?: string;
  out_refund_no?: string;
  refund_id?: string;
  refund_status?: string;
  amount?: { refund?: number };
}

/** RFC 3339 in Beijing time, as WeChat Pay writes times (2026-11-25T20:00:00+08:00). */
const beijingTime = (d: Date) => `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

const FAILED_STATES = new Set(["CLOSED", "PAYERROR", "REVOKED"]);

/** WeChat Pay's trade states as the domain's events: SUCCESS paid, CLOSED / PAYERROR / REVOKED failed, the rest not yet. */
function eventOf(t: Transaction, config: WechatpayConfig): GatewayEvent | null {
  if (t.mchid !== config.mchId || t.appid !== config.appId) throw new DomainError("WEBHOOK_MERCHANT_MISMATCH");
  const orderId = fromWechatNo(t.out_trade_no ?? "");
  if (!orderId) return null;
  if (t.trade_state === "SUCCESS" && t.transaction_id && typeof t.amount?.total === "number") {
    return { type: "payment.captured", txnId: t.transaction_id, orderId, amountFen: t.amount.total, currency: t.amount.currency ?? "CNY" };
  }
  if (FAILED_STATES.has(t.trade_state ?? "")) return { type: "payment.failed", txnId: t.transaction_id ?? `closed:${t.out_trade_no}`, orderId, amountFen: t.amount?.total ?? 0, currency: t.amount?.currency ?? "CNY" };
  return null;
}

function refundReportOf(r: Refund): RefundReport {
  if (r.status === "SUCCESS") return { status: "succeeded", providerRefundId: r.refund_id ?? null, failureReason: null };
  if (r.status === "ABNORMAL" || r.status === "CLOSED") return { status: "failed", providerRefundId: r.refund_id ?? null, failureReason: r.status === "ABNORMAL" ? "退款异常 (ABNORMAL)" : "退款关闭 (CLOSED)" };
  return { status: "processing", providerRefundId: r.refund_id ?? null, failureReason: null };
}

/** A signed 4xx is WeChat Pay's final word on a request; 5xx, 429 and unsigned answers may be retried. */
const isFinalRefusal = (e: unknown): e is WechatpayApiError => e instanceof WechatpayApiError && e.signed && e.status >= 400 && e.status < 500 && e.status !== 429;

/**
 * WeChat Pay API v3 with node:crypto: H5 payment (`/v3/pay/transactions/h5`, the shopper sent to
 * `h5_url` with our `redirect_url`) in ordinary mobile browsers and JSAPI (`/v3/pay/transactions/jsapi`
 * with the shopper's openid, then `getBrandWCPayRequest` signed with the merchant key) inside
 * WeChat's browser; notifications verified (key for `Wechatpay-Serial`, 5 minutes, SHA256withRSA)
 * and decrypted (AEAD_AES_256_GCM, APIv3 key), our mchid and appid checked, answered 204 once
 * committed and 4xx/5xx `{code, message}` otherwise; order query by out_trade_no; refunds (with
 * `notify_url` when `refundNotifyUrl` is given, so REFUND.* notifications come to us), their query and
 * their notifications, verified exactly as a payment's.
 */
export function wechatpayPaymentProvider(config: WechatpayConfig, now: () => Date = () => new Date(), options: { refundNotifyUrl?: string } = {}): PaymentProvider {
  const client = createWechatpayClient(config, { now });

  return {
    name: "wechatpay",
    async startPayment(request) {
      if (request.currency !== "CNY") throw new DomainError("BAD_INPUT", { field: "currency" });
      const common = {
        appid: config.appId,
        mchid: config.mchId,
        description: request.description.slice(0, 127),
        out_trade_no: toWechatNo(request.paymentOrderId),
        time_expire: beijingTime(new Date(now().getTime() + PAYMENT_TTL_MINUTES * 60_000)),
        notify_url: request.notifyUrl,
        amount: { total: request.amountFen, currency: "CNY" },
      };
      if (request.channel === "jsapi") {
        if (!request.openid) throw new DomainError("BAD_INPUT", { field: "openid" });
        const r = await client.request<{ prepay_id: string }>("POST", "/v3/pay/transactions/jsapi", { ...common, payer: { openid: request.openid } });
        if (!r?.prepay_id) throw new Error("WeChat Pay: no prepay_id");
        return { kind: "jsapi", params: jsapiPayParams(config, r.prepay_id, now()) };
      }
      const r = await client.request<{ h5_url: string }>("POST", "/v3/pay/transactions/h5", { ...common, scene_info: { payer_client_ip: request.clientIp, h5_info: { type: "Wap" } } });
      if (!r?.h5_url) throw new Error("WeChat Pay: no h5_url");
      return { kind: "redirect", url: `${r.h5_url}&redirect_url=${encodeURIComponent(request.returnUrl)}` };
    },

    verifyNotification({ rawBody, headers }, at): NotificationReport | null {
      verifyWechatpaySignature(headers, rawBody, config.platformKeys, at);
      let body: { event_type?: string; resource?: WechatpayResource };
      try {
        body = JSON.parse(rawBody) as typeof body;
      } catch {
        throw new DomainError("BAD_INPUT", { field: "body" });
      }
      if (!body.resource) throw new DomainError("BAD_INPUT", { field: "resource" });
      const plain = decryptWechatpayResource(body.resource, config.apiV3Key);
      if (body.event_type?.startsWith("REFUND.")) {
        const r = JSON.parse(plain) as RefundResource;
        if (r.mchid !== config.mchId) throw new DomainError("WEBHOOK_MERCHANT_MISMATCH");
        const refundId = fromWechatNo(r.out_refund_no ?? "");
        const paymentOrderId = fromWechatNo(r.out_trade_no ?? "");
        if (!refundId || !paymentOrderId) return null;
        const report = refundReportOf({ status: r.refund_status, refund_id: r.refund_id });
        return { refund: { refundId, paymentOrderId, amountFen: typeof r.amount?.refund === "number" ? r.amount.refund : null, report }, payload: plain };
      }
      if (!body.event_type?.startsWith("TRANSACTION.")) return null;
      const event = eventOf(JSON.parse(plain) as Transaction, config);
      return event ? { event, payload: plain } : null;
    },

    acknowledge(result) {
      if (result.ok) return new Response(null, { status: 204 });
      if (isDomainError(result.error)) return Response.json({ code: "FAIL", message: result.error.code }, { status: result.error.code === "BAD_INPUT" ? 400 : 401 });
      return Response.json({ code: "FAIL", message: "INTERNAL" }, { status: 500 });
    },

    async queryPayment({ paymentOrderId }) {
      try {
        const t = await client.request<Transaction>("GET", `/v3/pay/transactions/out-trade-no/${toWechatNo(paymentOrderId)}?mchid=${config.mchId}`);
        const event = t ? eventOf(t, config) : null;
        return event ? { event, payload: JSON.stringify(t) } : null;
      } catch (e) {
        if (e instanceof WechatpayApiError && e.signed && e.code === "ORDER_NOT_EXIST") return null;
        throw e;
      }
    },

    async refund(request: RefundRequest) {
      try {
        const r = await client.request<Refund>("POST", "/v3/refund/domestic/refunds", {
          out_trade_no: toWechatNo(request.paymentOrderId),
          out_refund_no: toWechatNo(request.refundId),
          reason: request.reason.slice(0, 80),
          ...(options.refundNotifyUrl ? { notify_url: options.refundNotifyUrl } : {}),
          amount: { refund: request.amountFen, total: request.totalFen, currency: "CNY" },
        });
        return refundReportOf(r ?? {});
      } catch (e) {
        if (isFinalRefusal(e)) return { status: "failed", providerRefundId: null, failureReason: `${e.detail} (${e.code})` };
        throw e;
      }
    },

    async queryRefund(request: RefundRequest) {
      try {
        const r = await client.request<Refund>("GET", `/v3/refund/domestic/refunds/${toWechatNo(request.refundId)}`);
        return r ? refundReportOf(r) : null;
      } catch (e) {
        if (e instanceof WechatpayApiError && e.signed && e.code === "RESOURCE_NOT_EXISTS") return null;
        throw e;
      }
    },
  };
}

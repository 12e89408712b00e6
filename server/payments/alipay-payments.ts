import { createAlipayClient } from "../providers/alipay/create-alipay-client";
import type { AlipayConfig } from "../providers/alipay/alipay-config";
import { alipayYuanToFen, fenToAlipayYuan } from "../providers/alipay/alipay-amount";
import { parseAlipayForm, verifyAlipayNotification } from "../providers/alipay/verify-alipay-notification";
import { DomainError, isDomainError } from "../domain/shared/errors";
import type { GatewayEvent } from "../domain/wallet/apply-gateway-event";
import { PAYMENT_TTL_MINUTES, type NotificationReport, type PaymentProvider, type PaymentReport, type RefundReport, type RefundRequest } from "./payment-provider";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Alipay's trade states as the domain's events: paid (TRADE_SUCCESS, TRADE_FINISHED), closed unpaid (TRADE_CLOSED), else nothing yet. */
function eventOf(t: Record<string, unknown>): GatewayEvent | null {
  const orderId = String(t.out_trade_no ?? "");
  const txnId = String(t.trade_no ?? "");
  if (!UUID.test(orderId) || !txnId) return null;
  const currency = typeof t.trans_currency === "string" && t.trans_currency ? t.trans_currency : "CNY";
  if (t.trade_status === "TRADE_SUCCESS" || t.trade_status === "TRADE_FINISHED") {
    return { type: "payment.captured", txnId, orderId, amountFen: alipayYuanToFen(String(t.total_amount ?? "")), currency };
  }
  if (t.trade_status === "TRADE_CLOSED") return { type: "payment.failed", txnId, orderId, amountFen: alipayYuanToFen(String(t.total_amount ?? "0")), currency };
  return null;
}

/**
 * A refund told by Alipay's trade notification: a refund changes the trade (TRADE_SUCCESS after a
 * partial refund, TRADE_CLOSED after a full one) and the notification names the refund's
 * `out_request_no` as `out_biz_no`, with `gmt_refund` and the trade's total refunded as `refund_fee`.
 * Alipay notifies only refunds that went through; a refused one is said in trade.refund's answer.
 * Null when the notification is not about a refund; a refund numbered by someone else (e.g. made by
 * hand in Alipay's console) is acknowledged and not applied.
 */
function refundNoticeOf(params: Record<string, string>): NotificationReport | "not_ours" | null {
  const refundNo = params.out_biz_no ?? "";
  if (!refundNo || !(params.gmt_refund || params.refund_fee)) return null;
  const paymentOrderId = params.out_trade_no ?? "";
  if (!UUID.test(refundNo) || !UUID.test(paymentOrderId)) return "not_ours";
  return { refund: { refundId: refundNo, paymentOrderId, amountFen: null, report: { status: "succeeded", providerRefundId: params.trade_no ?? null, failureReason: null } }, payload: JSON.stringify(params) };
}

/** A business refusal Alipay may change its mind about (try again later) rather than a final no. */
const RETRYABLE = new Set(["ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "ACQ.REFUND_FEE_ERROR_RETRY"]);

/**
 * Alipay mobile web payment through the official SDK: `alipay.trade.wap.pay` (a signed GET link to
 * Alipay's cashier, with return and notify URLs), the asynchronous notification (form POST, RSA2
 * over the sorted parameters without sign and sign_type, our app id and seller id; answered
 * `success` once committed; a payment, or a refund of ours that went through), `alipay.trade.query`,
 * `alipay.trade.refund` and its query. Every
 * response's signature is checked by the SDK against Alipay's public key (validateSign).
 */
export function alipayPaymentProvider(config: AlipayConfig): PaymentProvider {
  const sdk = createAlipayClient(config);
  const call = (method: string, biz: Record<string, unknown>) => sdk.exec(method, { bizContent: biz }, { validateSign: true });

  return {
    name: "alipay",
    startPayment(request) {
      if (request.currency !== "CNY") throw new DomainError("BAD_INPUT", { field: "currency" });
      const url = sdk.pageExec("alipay.trade.wap.pay", "GET", {
        bizContent: { out_trade_no: request.paymentOrderId, total_amount: fenToAlipayYuan(request.amountFen), subject: request.description, product_code: "QUICK_WAP_WAY", quit_url: request.returnUrl, timeout_express: `${PAYMENT_TTL_MINUTES}m` },
        notifyUrl: request.notifyUrl,
        returnUrl: request.returnUrl,
      });
      return Promise.resolve({ kind: "redirect", url });
    },

    verifyNotification({ rawBody }) {
      const params = parseAlipayForm(rawBody);
      verifyAlipayNotification(params, config);
      const refund = refundNoticeOf(params);
      if (refund === "not_ours") return null;
      if (refund) return refund;
      const event = eventOf(params);
      return event ? { event, payload: rawBody } : null;
    },

    acknowledge(result) {
      if (result.ok) return new Response("success", { status: 200, headers: { "content-type": "text/plain" } });
      // Anything but `success` makes Alipay deliver again later (up to 8 times over 25 hours).
      return new Response("fail", { status: isDomainError(result.error) ? 400 : 500, headers: { "content-type": "text/plain" } });
    },

    async queryPayment({ paymentOrderId }): Promise<PaymentReport | null> {
      const r = await call("alipay.trade.query", { out_trade_no: paymentOrderId });
      if (r.code !== "10000") {
        if (r.sub_code === "ACQ.TRADE_NOT_EXIST") return null;
        throw new Error(`alipay.trade.query: ${r.code} ${r.sub_code ?? ""} ${r.sub_msg ?? r.msg}`);
      }
      const event = eventOf(r);
      return event ? { event, payload: JSON.stringify(r) } : null;
    },

    async refund(request: RefundRequest): Promise<RefundReport> {
      const r = await call("alipay.trade.refund", { out_trade_no: request.paymentOrderId, refund_amount: fenToAlipayYuan(request.amountFen), out_request_no: request.refundId, refund_reason: request.reason });
      if (r.code === "10000") {
        // fund_change Y: this call moved the money; N: an earlier call with this out_request_no did, or it is still on its way.
        if (r.fund_change === "Y") return { status: "succeeded", providerRefundId: String(r.trade_no ?? ""), failureReason: null };
        return (await this.queryRefund(request)) ?? { status: "processing", providerRefundId: null, failureReason: null };
      }
      if (r.code === "40004" && !RETRYABLE.has(String(r.sub_code))) return { status: "failed", providerRefundId: null, failureReason: String(r.sub_msg ?? r.msg ?? r.sub_code) };
      throw new Error(`alipay.trade.refund: ${r.code} ${r.sub_code ?? ""} ${r.sub_msg ?? r.msg}`);
    },

    async queryRefund(request: RefundRequest): Promise<RefundReport | null> {
      const r = await call("alipay.trade.fastpay.refund.query", { out_trade_no: request.paymentOrderId, out_request_no: request.refundId });
      if (r.code !== "10000") throw new Error(`alipay.trade.fastpay.refund.query: ${r.code} ${r.sub_code ?? ""} ${r.sub_msg ?? r.msg}`);
      return r.refund_status === "REFUND_SUCCESS" ? { status: "succeeded", providerRefundId: String(r.trade_no ?? ""), failureReason: null } : null;
    },
  };
}

import type { PaymentProviderName } from "@/db/schema";
import type { GatewayEvent } from "../domain/wallet/apply-gateway-event";
import type { JsapiPayParams } from "../providers/wechatpay/jsapi-params";

/** How long a provider keeps a payment open (Alipay's timeout_express, WeChat Pay's time_expire). */
export const PAYMENT_TTL_MINUTES = 120;

/** What we ask a provider to collect: our payment order id is the merchant's order number, so a retry is the same order. */
export interface PaymentRequest {
  paymentOrderId: string;
  amountFen: number;
  currency: string;
  /** Shown to the payer on the provider's page (商品描述). */
  description: string;
  /** Where the provider sends the shopper back (absolute). */
  returnUrl: string;
  /** Where the provider sends its asynchronous notification (absolute). */
  notifyUrl: string;
  /** The shopper's address (WeChat Pay's H5 payer_client_ip). */
  clientIp: string;
  /** `jsapi`: inside WeChat's browser, with the shopper's openid; `h5`: any other mobile browser. */
  channel: "h5" | "jsapi";
  openid: string | null;
}

/** Where the shopper goes next: the provider's page, or the parameters WeixinJSBridge pays with. */
export type PaymentStart = { kind: "redirect"; url: string } | { kind: "jsapi"; params: JsapiPayParams };

/** A provider's word on a payment, from a verified notification or an order query, in the domain's shape. */
export interface PaymentReport {
  event: GatewayEvent;
  /** What the provider sent (decrypted, for WeChat Pay), kept with the event row. */
  payload: string;
}

/**
 * A provider's verified notification about one of our refunds (WeChat Pay's REFUND.SUCCESS /
 * REFUND.ABNORMAL / REFUND.CLOSED; Alipay's trade notification naming our refund number): applied
 * once through the refund row (`applyRefundNotice`).
 */
export interface RefundNotice {
  /** Our refund number there (the `gateway_refunds` id). */
  refundId: string;
  paymentOrderId: string;
  /** The refund's amount as the provider states it, or null when the notification does not say (Alipay's refund_fee is the trade's total). */
  amountFen: number | null;
  report: RefundReport;
}

/** What a verified notification reports: a payment, or a refund. */
export type NotificationReport = PaymentReport | { refund: RefundNotice; payload: string };
export const isRefundNotification = (r: NotificationReport): r is { refund: RefundNotice; payload: string } => "refund" in r;

/** A refund we ask the provider for: `refundId` is our refund number there, so a retry is the same refund. */
export interface RefundRequest {
  refundId: string;
  paymentOrderId: string;
  providerTxnId: string | null;
  amountFen: number;
  /** What the payment was for in all (WeChat Pay wants it with every refund). */
  totalFen: number;
  currency: string;
  reason: string;
}

/** The provider's word on a refund. `failed` is final (the money stays with us); `processing` is asked again later. */
export interface RefundReport {
  status: "succeeded" | "processing" | "failed";
  providerRefundId: string | null;
  failureReason: string | null;
}

/**
 * A payment provider (spec §8), the payments' counterpart of server/payouts/payout-provider.ts: the
 * sandbox, Alipay (mobile web, `alipay.trade.wap.pay`) and WeChat Pay v3 (H5, JSAPI). Each one
 * - starts a payment: where to send the shopper, or the JSAPI parameters;
 * - verifies its own notifications (the sandbox: HMAC with a timestamp; Alipay: RSA2 over the sorted
 *   parameters, app and seller; WeChat Pay: its key for the serial, 5 minutes, the AES-GCM resource)
 *   and turns them into payment or refund reports (null: acknowledged, nothing to apply), refusing with
 *   WEBHOOK_SIGNATURE_INVALID / WEBHOOK_TIMESTAMP_STALE / WEBHOOK_MERCHANT_MISMATCH;
 * - answers a notification as its protocol requires, only once what it reported is committed;
 * - answers an order query, for a notification that never comes (the `payments.sync` job);
 * - refunds, idempotently by our refund id, and answers a refund query.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  startPayment(request: PaymentRequest): Promise<PaymentStart>;
  verifyNotification(input: { rawBody: string; headers: Headers }, now: Date): NotificationReport | null;
  /** The answer to the provider: `ok` once committed (or nothing to do), else the refusal or failure. */
  acknowledge(result: { ok: true } | { ok: false; error: unknown }): Response;
  queryPayment(ref: { paymentOrderId: string }): Promise<PaymentReport | null>;
  refund(request: RefundRequest): Promise<RefundReport>;
  queryRefund(request: RefundRequest): Promise<RefundReport | null>;
}

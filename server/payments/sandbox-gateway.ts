import { createHash, randomBytes } from "node:crypto";
import type { GatewayEvent } from "../domain/wallet/apply-gateway-event";
import { readSandboxNotification } from "../domain/wallet/apply-gateway-webhook";
import type { GatewayRefunds } from "../domain/wallet/gateway-refunds";
import { SIGNATURE_HEADER, signWebhook } from "../domain/wallet/gateway-signature";
import { ERROR_STATUS, isDomainError } from "../domain/shared/errors";
import type { PaymentProvider } from "./payment-provider";

/**
 * The built-in sandbox payment gateway: stands in for a real one in development and demos. Its
 * "capture" does what a real gateway does: it sends a signed notification to our webhook over HTTP,
 * so the sandbox exercises exactly the path production money takes.
 */
export async function sendSandboxNotification(
  webhookUrl: string,
  secret: string,
  event: Omit<GatewayEvent, "txnId"> & { txnId?: string },
  now: Date,
): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify({ ...event, txnId: event.txnId ?? `sbx_${randomBytes(10).toString("hex")}` });
  const res = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now.getTime() / 1000)) },
    body,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** The sandbox's refund reference: derived from the refund's key, the same for a retry, as a real gateway's is. */
const sandboxRefundReference = (key: string) => `sbx_rf_${createHash("sha256").update(key).digest("hex").slice(0, 20)}`;

/**
 * The sandbox's refunds: no money leaves anywhere, so the refund is recorded (on the held payment's
 * decision row) with a reference derived from its key, the same for a retry, as a real gateway's is.
 */
export const sandboxRefunds: GatewayRefunds = {
  async refund(input) {
    return { reference: sandboxRefundReference(input.key) };
  },
};

/**
 * The sandbox as a payment provider: its cashier is our own page (/pay/sandbox/<order>), its
 * notifications come from that page's button (HMAC, /api/webhooks/gateway), it keeps no book to
 * query, and its refunds succeed at once (nothing left anywhere).
 */
export function sandboxPaymentProvider(secret: () => string): PaymentProvider {
  return {
    name: "sandbox",
    startPayment: (request) => Promise.resolve({ kind: "redirect", url: `/pay/sandbox/${request.paymentOrderId}` }),
    verifyNotification({ rawBody, headers }, now) {
      return { event: readSandboxNotification(secret(), rawBody, headers.get(SIGNATURE_HEADER), now), payload: rawBody };
    },
    acknowledge(result) {
      if (result.ok) return Response.json({ ok: true });
      const code = isDomainError(result.error) ? result.error.code : "INTERNAL";
      return Response.json({ error: { code } }, { status: ERROR_STATUS[code] });
    },
    queryPayment: () => Promise.resolve(null),
    refund: (request) => Promise.resolve({ status: "succeeded", providerRefundId: sandboxRefundReference(`refund:${request.refundId}`), failureReason: null }),
    queryRefund: (request) => Promise.resolve({ status: "succeeded", providerRefundId: sandboxRefundReference(`refund:${request.refundId}`), failureReason: null }),
  };
}

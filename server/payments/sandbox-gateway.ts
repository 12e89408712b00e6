import { createHash, randomBytes } from "node:crypto";
import type { GatewayEvent } from "../domain/wallet/apply-gateway-webhook";
import type { GatewayRefunds } from "../domain/wallet/gateway-refunds";
import { SIGNATURE_HEADER, signWebhook } from "../domain/wallet/gateway-signature";

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

/**
 * The sandbox's refunds: no money leaves anywhere, so the refund is recorded (on the held payment's
 * decision row) with a reference derived from its key, the same for a retry, as a real gateway's is.
 */
export const sandboxRefunds: GatewayRefunds = {
  async refund(input) {
    return { reference: `sbx_rf_${createHash("sha256").update(input.key).digest("hex").slice(0, 20)}` };
  },
};

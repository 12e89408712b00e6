import { randomBytes } from "node:crypto";
import type { GatewayEvent } from "../domain/wallet/apply-gateway-webhook";
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

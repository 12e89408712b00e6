import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { verifyWebhookSignature } from "./gateway-signature";
import { applyGatewayEvent, GatewayEventSchema, type GatewayEvent, type GatewayEventResult } from "./apply-gateway-event";

export { GatewayEventSchema, type GatewayEvent, type WebhookOutcome } from "./apply-gateway-event";

/**
 * The sandbox gateway's notification: verified by HMAC over the raw body with the 300 s timestamp
 * tolerance, parsed, then applied like any provider's (applyGatewayEvent).
 */
export async function applyGatewayWebhook(tx: DbOrTx, clock: Clock, input: { secret: string; rawBody: string; signatureHeader: string | null }): Promise<GatewayEventResult> {
  const event = readSandboxNotification(input.secret, input.rawBody, input.signatureHeader, clock.now());
  return applyGatewayEvent(tx, clock, "sandbox", event, input.rawBody);
}

/** The sandbox's notification, verified and parsed (BAD_INPUT for a body that is not an event). */
export function readSandboxNotification(secret: string, rawBody: string, signatureHeader: string | null, now: Date): GatewayEvent {
  verifyWebhookSignature(secret, rawBody, signatureHeader, now);
  try {
    return GatewayEventSchema.parse(JSON.parse(rawBody));
  } catch {
    throw new DomainError("BAD_INPUT", { field: "body" });
  }
}

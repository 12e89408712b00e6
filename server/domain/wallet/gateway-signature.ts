import { createHmac, timingSafeEqual } from "node:crypto";
import { DomainError } from "../shared/errors";

/** Webhooks older or newer than this (by their signed timestamp) are refused: spec §8. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
export const SIGNATURE_HEADER = "x-gateway-signature";

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>`, as the gateway sends it. */
export function signWebhook(secret: string, rawBody: string, timestampSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.${rawBody}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

/** Verifies the signature over the exact raw bytes received and the timestamp tolerance. */
export function verifyWebhookSignature(secret: string, rawBody: string, header: string | null, now: Date): void {
  const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  const given = parts.v1 ?? "";
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(given)) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  const expected = signWebhook(secret, rawBody, t).split("v1=")[1] ?? "";
  if (!timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(expected, "hex"))) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  if (Math.abs(now.getTime() / 1000 - t) > WEBHOOK_TOLERANCE_SECONDS) throw new DomainError("WEBHOOK_TIMESTAMP_STALE");
}

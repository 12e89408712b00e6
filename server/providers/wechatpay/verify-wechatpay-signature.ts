import { createVerify, type KeyObject } from "node:crypto";
import { DomainError } from "../../domain/shared/errors";

/** A response or notification signed more than this far (either way) from our clock is refused. */
export const WECHATPAY_TOLERANCE_SECONDS = 300;

/** The string WeChat Pay signs a response or notification over: `timestamp\nnonce\nbody\n`. */
export function responseSignMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/**
 * Verifies WeChat Pay's signature on a response or notification (验签): the key is the one named by
 * `Wechatpay-Serial` (its public key id or a platform certificate's serial), the signature is
 * SHA256withRSA over `Wechatpay-Timestamp\nWechatpay-Nonce\nbody\n` with the body's exact bytes, and
 * the timestamp is within 5 minutes of `now`. Throws WEBHOOK_SIGNATURE_INVALID (an unknown serial
 * included: our keys are configured, never fetched on demand) or WEBHOOK_TIMESTAMP_STALE.
 */
export function verifyWechatpaySignature(headers: Headers, body: string, keys: ReadonlyMap<string, KeyObject>, now: Date): void {
  const timestamp = headers.get("wechatpay-timestamp") ?? "";
  const nonce = headers.get("wechatpay-nonce") ?? "";
  const signature = headers.get("wechatpay-signature") ?? "";
  const serial = headers.get("wechatpay-serial") ?? "";
  const key = keys.get(serial);
  if (!/^\d{1,12}$/.test(timestamp) || !nonce || !key || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  if (!createVerify("RSA-SHA256").update(responseSignMessage(timestamp, nonce, body), "utf8").verify(key, signature, "base64")) {
    throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WECHATPAY_TOLERANCE_SECONDS) throw new DomainError("WEBHOOK_TIMESTAMP_STALE");
}

import { createVerify, type KeyObject } from "node:crypto";
import { DomainError } from "../../domain/shared/errors";

/**
 * The string Alipay signs a notification over (异步通知验签): every parameter except `sign` and
 * `sign_type`, empty values left out, sorted by name, `name=value` joined with `&`, values as sent
 * (after the form's own URL decoding, not decoded again).
 */
export function alipaySignContent(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== "sign" && k !== "sign_type" && params[k] !== "")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

/** The parameters of a notification body (`application/x-www-form-urlencoded`, UTF-8); a repeated name is refused. */
export function parseAlipayForm(rawBody: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawBody)) {
    if (k in params) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
    params[k] = v;
  }
  return params;
}

/**
 * Verifies a notification's RSA2 signature (SHA256withRSA, base64) against Alipay's public key, and
 * that it is for our app and seller. Throws WEBHOOK_SIGNATURE_INVALID, or WEBHOOK_MERCHANT_MISMATCH
 * for a correctly signed notification meant for another app or seller.
 */
export function verifyAlipayNotification(
  params: Readonly<Record<string, string>>,
  expect: { alipayPublicKey: KeyObject; appId: string; sellerId: string },
): void {
  const sign = params.sign ?? "";
  if ((params.sign_type ?? "RSA2") !== "RSA2" || !/^[A-Za-z0-9+/]+={0,2}$/.test(sign)) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  const ok = createVerify("RSA-SHA256").update(alipaySignContent(params), "utf8").verify(expect.alipayPublicKey, sign, "base64");
  if (!ok) throw new DomainError("WEBHOOK_SIGNATURE_INVALID");
  if (params.app_id !== expect.appId || params.seller_id !== expect.sellerId) throw new DomainError("WEBHOOK_MERCHANT_MISMATCH");
}

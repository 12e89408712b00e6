import { createSign, randomBytes, type KeyObject } from "node:crypto";

export const WECHATPAY_AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048";

/** SHA256withRSA over `message` with the merchant's private key, base64: every v3 signature we make. */
export function signWithMerchantKey(message: string, key: KeyObject): string {
  return createSign("RSA-SHA256").update(message, "utf8").sign(key, "base64");
}

/** A random string for `nonce_str` / `nonceStr` (WeChat allows up to 32 characters). */
export function wechatpayNonce(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

/** The request's string to sign: `METHOD\nURL\ntimestamp\nnonce\nbody\n`, URL being the path with its query. */
export function requestSignMessage(input: { method: string; pathWithQuery: string; timestamp: number; nonce: string; body: string }): string {
  return `${input.method.toUpperCase()}\n${input.pathWithQuery}\n${input.timestamp}\n${input.nonce}\n${input.body}\n`;
}

/**
 * The `Authorization` header of a v3 request (签名生成):
 * `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`.
 */
export function wechatpayAuthorization(
  merchant: { mchId: string; merchantSerial: string; merchantPrivateKey: KeyObject },
  request: { method: string; pathWithQuery: string; body: string; timestamp: number; nonce: string },
): string {
  const signature = signWithMerchantKey(requestSignMessage(request), merchant.merchantPrivateKey);
  return `${WECHATPAY_AUTH_SCHEMA} mchid="${merchant.mchId}",nonce_str="${request.nonce}",signature="${signature}",timestamp="${request.timestamp}",serial_no="${merchant.merchantSerial}"`;
}

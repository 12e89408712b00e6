import type { KeyObject } from "node:crypto";
import { signWithMerchantKey, wechatpayNonce } from "./sign-request";

/** What WeixinJSBridge's `getBrandWCPayRequest` takes to pay a JSAPI order inside WeChat's browser. */
export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: "RSA";
  paySign: string;
}

/** JSAPI调起支付: `paySign` is SHA256withRSA with the merchant key over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function jsapiPayParams(merchant: { appId: string; merchantPrivateKey: KeyObject }, prepayId: string, now: Date, nonce = wechatpayNonce()): JsapiPayParams {
  const timeStamp = String(Math.floor(now.getTime() / 1000));
  const pkg = `prepay_id=${prepayId}`;
  return { appId: merchant.appId, timeStamp, nonceStr: nonce, package: pkg, signType: "RSA", paySign: signWithMerchantKey(`${merchant.appId}\n${timeStamp}\n${nonce}\n${pkg}\n`, merchant.merchantPrivateKey) };
}

import { AlipaySdk } from "alipay-sdk";
import { privateKeyPem, publicKeyPem } from "../read-keys";
import type { AlipayConfig } from "./alipay-config";

/**
 * The official SDK, configured from validated keys: it signs requests (RSA2 over the sorted
 * parameters), builds the `alipay.trade.wap.pay` link and verifies each response's signature with
 * Alipay's public key. Keys go in as PKCS#8 / SPKI PEM, whatever form the operator pasted.
 * `camelcase: false` keeps Alipay's own field names, as its documentation writes them.
 */
export function createAlipayClient(config: AlipayConfig): AlipaySdk {
  return new AlipaySdk({
    appId: config.appId,
    privateKey: privateKeyPem(config.privateKey),
    keyType: "PKCS8",
    alipayPublicKey: publicKeyPem(config.alipayPublicKey),
    gateway: config.gateway,
    signType: "RSA2",
    camelcase: false,
    timeout: 10_000,
  });
}

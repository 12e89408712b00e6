import { AlipaySdk, type AlipaySdkConfig } from "alipay-sdk";
import { privateKeyPem, publicKeyPem } from "../read-keys";
import type { AlipayCertificates, AlipayConfig } from "./alipay-config";

/**
 * The official SDK, configured from validated keys: it signs requests (RSA2 over the sorted
 * parameters), builds the `alipay.trade.wap.pay` link and verifies each response's signature with
 * Alipay's public key. Keys go in as PKCS#8 / SPKI PEM, whatever form the operator pasted.
 * `camelcase: false` keeps Alipay's own field names, as its documentation writes them.
 *
 * Certificate mode uses the SDK's own support: given the three certificates it computes `app_cert_sn`
 * and `alipay_root_cert_sn`, adds them to every request (and to the signed string), and takes the key
 * that verifies responses from Alipay's certificate.
 */
export function createAlipayClient(config: AlipayConfig): AlipaySdk {
  return new AlipaySdk({ ...alipaySdkKeys(config), gateway: config.gateway, signType: "RSA2", camelcase: false, timeout: 10_000 });
}

/** The SDK's key options for either signing mode (public-key mode or certificate mode, never both). */
export function alipaySdkKeys(config: Pick<AlipayConfig, "appId" | "privateKey" | "alipayPublicKey"> & { certificates: Pick<AlipayCertificates, "appCert" | "alipayCert" | "rootCert"> | null }): AlipaySdkConfig {
  const common = { appId: config.appId, privateKey: privateKeyPem(config.privateKey), keyType: "PKCS8" as const };
  if (!config.certificates) return { ...common, alipayPublicKey: publicKeyPem(config.alipayPublicKey) };
  return { ...common, appCertContent: config.certificates.appCert, alipayPublicCertContent: config.certificates.alipayCert, alipayRootCertContent: config.certificates.rootCert };
}

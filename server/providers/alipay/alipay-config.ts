import type { KeyObject } from "node:crypto";

/** The production gateway of Alipay's OpenAPI (v2, the one `alipay.trade.*` methods are called on). */
export const ALIPAY_GATEWAY = "https://openapi.alipay.com/gateway.do";

/** A validated Alipay configuration (server/env.ts builds it from ALIPAY_*). */
export interface AlipayConfig {
  /** The app's id on the Alipay open platform (开放平台 APPID). */
  appId: string;
  /** The app's private key: signs our requests (RSA2). */
  privateKey: KeyObject;
  /**
   * Alipay's public key: verifies notifications and responses. In certificate mode, the key of Alipay's
   * public-key certificate (alipayCertPublicKey_RSA2.crt).
   */
  alipayPublicKey: KeyObject;
  /** Certificate mode (公钥证书模式): the three certificates and their SNs; null in public-key mode. */
  certificates: AlipayCertificates | null;
  /** The merchant's Alipay user id (2088…, 16 digits): notifications for another seller are refused. */
  sellerId: string;
  /** `ALIPAY_GATEWAY`: Alipay's, or a stand-in's in tests. */
  gateway: string;
}

/**
 * The certificates of certificate mode, as PEM text, with the serial numbers (SN) Alipay knows them by
 * (computed at start-up by the official SDK: MD5 of the issuer's DN and the decimal serial number;
 * for the root, the SNs of its RSA-signed certificates joined by `_`). Requests carry `app_cert_sn`
 * and `alipay_root_cert_sn`.
 */
export interface AlipayCertificates {
  /** appCertPublicKey_<APPID>.crt: the app's public key, issued by Alipay's CA. */
  appCert: string;
  /** alipayCertPublicKey_RSA2.crt: Alipay's public key. */
  alipayCert: string;
  /** alipayRootCert.crt: Alipay's root certificates. */
  rootCert: string;
  appCertSn: string;
  alipayCertSn: string;
  rootCertSn: string;
}

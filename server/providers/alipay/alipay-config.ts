import type { KeyObject } from "node:crypto";

/** The production gateway of Alipay's OpenAPI (v2, the one `alipay.trade.*` methods are called on). */
export const ALIPAY_GATEWAY = "https://openapi.alipay.com/gateway.do";

/** A validated Alipay configuration (server/env.ts builds it from ALIPAY_*). */
export interface AlipayConfig {
  /** The app's id on the Alipay open platform (开放平台 APPID). */
  appId: string;
  /** The app's private key: signs our requests (RSA2). */
  privateKey: KeyObject;
  /** Alipay's public key: verifies notifications and responses. */
  alipayPublicKey: KeyObject;
  /** The merchant's Alipay user id (2088…, 16 digits): notifications for another seller are refused. */
  sellerId: string;
  /** `ALIPAY_GATEWAY`: Alipay's, or a stand-in's in tests. */
  gateway: string;
}

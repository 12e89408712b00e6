import type { KeyObject } from "node:crypto";

/** WeChat Pay's API host (v3). */
export const WECHATPAY_BASE_URL = "https://api.mch.weixin.qq.com";

/** A validated WeChat Pay v3 configuration (server/env.ts builds it from WECHATPAY_*). */
export interface WechatpayConfig {
  /** 商户号. */
  mchId: string;
  /** The AppID bound to the merchant (the official account's, for JSAPI payment and its openids). */
  appId: string;
  /** The serial number of the merchant's API certificate (商户API证书序列号): named in every request's Authorization. */
  merchantSerial: string;
  /** The merchant's API private key (apiclient_key.pem): signs our requests and JSAPI parameters. */
  merchantPrivateKey: KeyObject;
  /** The APIv3 key (32 bytes): decrypts notification resources (AEAD_AES_256_GCM). */
  apiV3Key: Buffer;
  /** WeChat Pay's verification keys by serial: its public key (id `PUB_KEY_ID_…`) or platform certificates. */
  platformKeys: ReadonlyMap<string, KeyObject>;
  /** `WECHATPAY_BASE_URL`: WeChat Pay's, or a stand-in's in tests. */
  baseUrl: string;
}

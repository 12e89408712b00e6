import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { ALIPAY_GATEWAY, type AlipayConfig } from "./alipay/alipay-config";
import { ALIPAY_CERT_VARS, alipaySigningModeProblems, readAlipaySigning } from "./alipay/read-alipay-signing";
import { readCertificates, readRsaPrivateKey, readRsaPublicKey } from "./read-keys";
import { WECHAT_API_URL, WECHAT_OAUTH_AUTHORIZE_URL, type WechatOauthConfig } from "./wechat-oauth/wechat-oauth";
import { WECHATPAY_BASE_URL, type WechatpayConfig } from "./wechatpay/wechatpay-config";

const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional());

/** The payment providers' variables: every one optional; server/env.ts merges them into its schema. */
export const ProviderEnvSchema = z.object({
  /** Our public origin (https://pinpin.example.com): notify and return URLs the providers are given. */
  PUBLIC_BASE_URL: optionalUrl,
  ALIPAY_APP_ID: optional,
  ALIPAY_PRIVATE_KEY: optional,
  /** Public-key mode: Alipay's public key. */
  ALIPAY_PUBLIC_KEY: optional,
  /** Certificate mode: the three certificates, each PEM text or the path of its .crt file. */
  ALIPAY_APP_CERT: optional,
  ALIPAY_PUBLIC_CERT: optional,
  ALIPAY_ROOT_CERT: optional,
  ALIPAY_SELLER_ID: optional,
  ALIPAY_GATEWAY: optionalUrl,
  WECHAT_APP_ID: optional,
  WECHAT_APP_SECRET: optional,
  WECHAT_OAUTH_AUTHORIZE_URL: optionalUrl,
  WECHAT_API_URL: optionalUrl,
  WECHATPAY_MCH_ID: optional,
  WECHATPAY_MCH_SERIAL: optional,
  WECHATPAY_PRIVATE_KEY: optional,
  WECHATPAY_APIV3_KEY: optional,
  WECHATPAY_PUBLIC_KEY_ID: optional,
  WECHATPAY_PUBLIC_KEY: optional,
  WECHATPAY_PLATFORM_CERTS: optional,
  WECHATPAY_BASE_URL: optionalUrl,
});
export type ProviderEnv = z.infer<typeof ProviderEnvSchema>;

export interface ProviderConfigs {
  /** Our public origin without a trailing slash; set whenever a provider is. */
  publicBaseUrl: string | null;
  alipay: AlipayConfig | null;
  wechatpay: WechatpayConfig | null;
  /** WeChat sign-in for the openid (JSAPI payment inside WeChat's browser, merchant transfers). */
  wechatOauth: WechatOauthConfig | null;
}

/**
 * Whether the built-in sandbox gateway is offered: PAYMENT_GATEWAY says so, or, unset, only while no
 * real provider is configured (anyone can "pay" with the sandbox: never beside real money by default).
 */
export function sandboxGatewayOn(paymentGateway: string | undefined, configs: ProviderConfigs): boolean {
  if (paymentGateway) return paymentGateway === "sandbox";
  return configs.alipay === null && configs.wechatpay === null;
}

const ALIPAY_VARS = ["ALIPAY_APP_ID", "ALIPAY_PRIVATE_KEY", "ALIPAY_SELLER_ID"] as const;
/** Any of these turns Alipay on; which of the key variables make a whole mode is read-alipay-signing.ts's rule. */
const ALIPAY_TRIGGERS = [...ALIPAY_VARS, "ALIPAY_PUBLIC_KEY", ...ALIPAY_CERT_VARS] as const;
const WECHATPAY_VARS = ["WECHAT_APP_ID", "WECHATPAY_MCH_ID", "WECHATPAY_MCH_SERIAL", "WECHATPAY_PRIVATE_KEY", "WECHATPAY_APIV3_KEY"] as const;
const WECHATPAY_TRIGGERS = ["WECHATPAY_MCH_ID", "WECHATPAY_MCH_SERIAL", "WECHATPAY_PRIVATE_KEY", "WECHATPAY_APIV3_KEY", "WECHATPAY_PUBLIC_KEY_ID", "WECHATPAY_PUBLIC_KEY", "WECHATPAY_PLATFORM_CERTS"] as const;

/**
 * Builds each provider's configuration from the environment. A provider none of whose variables is
 * set is off; one with all of them is on; anything between, or a key that does not parse, is an
 * Error listing every problem (start-up stops on it rather than taking money half configured).
 */
export function readProviderConfigs(e: ProviderEnv): ProviderConfigs {
  const problems: string[] = [];
  const missing = (group: string, names: readonly (keyof ProviderEnv)[]) => {
    const absent = names.filter((n) => !e[n]);
    if (absent.length > 0) problems.push(`${group} is partly configured: set ${absent.join(", ")} too (or unset the rest to turn it off).`);
    return absent.length === 0;
  };
  const key = <T>(name: keyof ProviderEnv, read: (text: string) => T): T | null => {
    try {
      return read(e[name] ?? "");
    } catch (err) {
      problems.push(`${name}: cannot be read as a key (${(err as Error).message}).`);
      return null;
    }
  };
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };

  let alipay: AlipayConfig | null = null;
  if (ALIPAY_TRIGGERS.some((n) => e[n]) && !missing("Alipay", ALIPAY_VARS)) problems.push(...alipaySigningModeProblems(e));
  else if (ALIPAY_TRIGGERS.some((n) => e[n])) {
    const privateKey = key("ALIPAY_PRIVATE_KEY", readRsaPrivateKey);
    check(/^\d{10,32}$/.test(e.ALIPAY_APP_ID ?? ""), "ALIPAY_APP_ID: the app id is digits only (2021…).");
    check(/^2088\d{12}$/.test(e.ALIPAY_SELLER_ID ?? ""), "ALIPAY_SELLER_ID: the merchant's Alipay user id is 16 digits starting 2088.");
    if (privateKey) {
      const signing = readAlipaySigning(e, { appId: e.ALIPAY_APP_ID ?? "", privateKey });
      if ("problems" in signing) problems.push(...signing.problems);
      else alipay = { appId: e.ALIPAY_APP_ID ?? "", privateKey, ...signing, sellerId: e.ALIPAY_SELLER_ID ?? "", gateway: e.ALIPAY_GATEWAY ?? ALIPAY_GATEWAY };
    }
  }

  let wechatpay: WechatpayConfig | null = null;
  if (WECHATPAY_TRIGGERS.some((n) => e[n]) && missing("WeChat Pay", WECHATPAY_VARS)) {
    const merchantPrivateKey = key("WECHATPAY_PRIVATE_KEY", readRsaPrivateKey);
    const apiV3Key = Buffer.from(e.WECHATPAY_APIV3_KEY ?? "", "utf8");
    check(apiV3Key.length === 32, "WECHATPAY_APIV3_KEY: the APIv3 key is 32 characters.");
    check(/^\d{6,32}$/.test(e.WECHATPAY_MCH_ID ?? ""), "WECHATPAY_MCH_ID: the merchant id (商户号) is digits only.");
    check(/^[0-9A-Fa-f]{8,64}$/.test(e.WECHATPAY_MCH_SERIAL ?? ""), "WECHATPAY_MCH_SERIAL: the merchant certificate's serial number is hexadecimal.");
    const platformKeys = new Map<string, KeyObject>();
    if (e.WECHATPAY_PUBLIC_KEY_ID || e.WECHATPAY_PUBLIC_KEY) {
      if (missing("WeChat Pay's public key", ["WECHATPAY_PUBLIC_KEY_ID", "WECHATPAY_PUBLIC_KEY"])) {
        check(/^PUB_KEY_ID_\w+$/.test(e.WECHATPAY_PUBLIC_KEY_ID ?? ""), "WECHATPAY_PUBLIC_KEY_ID: WeChat Pay's public key id starts PUB_KEY_ID_.");
        const pub = key("WECHATPAY_PUBLIC_KEY", readRsaPublicKey);
        if (pub) platformKeys.set(e.WECHATPAY_PUBLIC_KEY_ID ?? "", pub);
      }
    }
    if (e.WECHATPAY_PLATFORM_CERTS) for (const [serial, k] of key("WECHATPAY_PLATFORM_CERTS", readCertificates) ?? []) platformKeys.set(serial, k);
    check(!!(e.WECHATPAY_PUBLIC_KEY || e.WECHATPAY_PLATFORM_CERTS), "WeChat Pay needs a key to verify its signatures: WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY, or WECHATPAY_PLATFORM_CERTS.");
    if (merchantPrivateKey && platformKeys.size > 0) {
      wechatpay = {
        mchId: e.WECHATPAY_MCH_ID ?? "",
        appId: e.WECHAT_APP_ID ?? "",
        merchantSerial: (e.WECHATPAY_MCH_SERIAL ?? "").toUpperCase(),
        merchantPrivateKey,
        apiV3Key,
        platformKeys,
        baseUrl: e.WECHATPAY_BASE_URL ?? WECHATPAY_BASE_URL,
      };
    }
  }

  let wechatOauth: WechatOauthConfig | null = null;
  if (e.WECHAT_APP_SECRET && missing("WeChat sign-in", ["WECHAT_APP_ID", "WECHAT_APP_SECRET"])) {
    wechatOauth = { appId: e.WECHAT_APP_ID ?? "", appSecret: e.WECHAT_APP_SECRET, authorizeUrl: e.WECHAT_OAUTH_AUTHORIZE_URL ?? WECHAT_OAUTH_AUTHORIZE_URL, apiUrl: e.WECHAT_API_URL ?? WECHAT_API_URL };
  }

  const publicBaseUrl = e.PUBLIC_BASE_URL ? e.PUBLIC_BASE_URL.replace(/\/+$/, "") : null;
  if ((ALIPAY_TRIGGERS.some((n) => e[n]) || WECHATPAY_TRIGGERS.some((n) => e[n]) || e.WECHAT_APP_SECRET) && !publicBaseUrl) {
    problems.push("PUBLIC_BASE_URL: set the site's public https origin; payment providers send their notifications and shoppers back to it.");
  }
  if (problems.length > 0) throw new Error(`Invalid payment provider configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return { publicBaseUrl, alipay, wechatpay, wechatOauth };
}

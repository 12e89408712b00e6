import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { makeAlipayCertificates, type AlipayCertificateSet } from "./alipay-certificates";

/** Keys made for one test run: RSA 2048 pairs for each side, a random APIv3 key. Never real ones. */
export interface StandInCredentials {
  alipay: {
    appId: string;
    sellerId: string;
    appPrivateKey: KeyObject;
    appPublicKey: KeyObject;
    alipayPrivateKey: KeyObject;
    alipayPublicKey: KeyObject;
    /** Certificate mode (公钥证书模式) when present: certificates for the two key pairs above. */
    certificates?: AlipayCertificateSet;
  };
  wechat: {
    appId: string;
    appSecret: string;
    mchId: string;
    merchantSerial: string;
    merchantPrivateKey: KeyObject;
    merchantPublicKey: KeyObject;
    platformSerial: string;
    platformPrivateKey: KeyObject;
    platformPublicKey: KeyObject;
    apiV3Key: string;
    openid: string;
  };
}

const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 });
const alnum = (n: number) => randomBytes(n * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, n);

export function makeStandInCredentials(): StandInCredentials {
  const app = rsa();
  const ali = rsa();
  const merchant = rsa();
  const platform = rsa();
  return {
    alipay: { appId: "2021000000000001", sellerId: "2088000000000001", appPrivateKey: app.privateKey, appPublicKey: app.publicKey, alipayPrivateKey: ali.privateKey, alipayPublicKey: ali.publicKey },
    wechat: {
      appId: "wx0000000000000001",
      appSecret: alnum(32),
      mchId: "1900000001",
      merchantSerial: randomBytes(20).toString("hex").toUpperCase(),
      merchantPrivateKey: merchant.privateKey,
      merchantPublicKey: merchant.publicKey,
      platformSerial: `PUB_KEY_ID_0119000000012026${randomBytes(6).toString("hex").toUpperCase()}`,
      platformPrivateKey: platform.privateKey,
      platformPublicKey: platform.publicKey,
      apiV3Key: alnum(32),
      openid: `oStandIn${alnum(20)}`,
    },
  };
}

/** The same credentials with Alipay in certificate mode: a root CA and the app's and Alipay's certificates for their keys. */
export function withAlipayCertificates(c: StandInCredentials): StandInCredentials {
  return { ...c, alipay: { ...c.alipay, certificates: makeAlipayCertificates(c.alipay) } };
}

const pem = (k: KeyObject) => (k.type === "private" ? k.export({ type: "pkcs8", format: "pem" }) : k.export({ type: "spki", format: "pem" })).toString();

/**
 * The environment that points our server at the stand-ins: exactly the variables an operator sets
 * in production (docs/payments.md), with the stand-ins' origins as the providers' base URLs.
 */
export function standInEnv(c: StandInCredentials, at: { alipayGateway: string; wechatOrigin: string; publicBaseUrl: string }): Record<string, string> {
  return {
    PUBLIC_BASE_URL: at.publicBaseUrl,
    ALIPAY_APP_ID: c.alipay.appId,
    ALIPAY_PRIVATE_KEY: pem(c.alipay.appPrivateKey),
    ...(c.alipay.certificates
      ? { ALIPAY_APP_CERT: c.alipay.certificates.appCert, ALIPAY_PUBLIC_CERT: c.alipay.certificates.alipayCert, ALIPAY_ROOT_CERT: c.alipay.certificates.rootCert }
      : { ALIPAY_PUBLIC_KEY: pem(c.alipay.alipayPublicKey) }),
    ALIPAY_SELLER_ID: c.alipay.sellerId,
    ALIPAY_GATEWAY: at.alipayGateway,
    WECHAT_APP_ID: c.wechat.appId,
    WECHAT_APP_SECRET: c.wechat.appSecret,
    WECHAT_OAUTH_AUTHORIZE_URL: `${at.wechatOrigin}/connect/oauth2/authorize`,
    WECHAT_API_URL: at.wechatOrigin,
    WECHATPAY_MCH_ID: c.wechat.mchId,
    WECHATPAY_MCH_SERIAL: c.wechat.merchantSerial,
    WECHATPAY_PRIVATE_KEY: pem(c.wechat.merchantPrivateKey),
    WECHATPAY_APIV3_KEY: c.wechat.apiV3Key,
    WECHATPAY_PUBLIC_KEY_ID: c.wechat.platformSerial,
    WECHATPAY_PUBLIC_KEY: pem(c.wechat.platformPublicKey),
    WECHATPAY_BASE_URL: at.wechatOrigin,
  };
}

import { startAlipayStandIn } from "./alipay-stand-in";
import type { StandInCredentials } from "./stand-in-credentials";
import { startWechatpayStandIn } from "./wechatpay-stand-in";

/** Both providers' stand-ins on free ports (or the given ones), with the credentials' keys (Alipay in certificate mode when they hold certificates). */
export async function startStandIns(c: StandInCredentials, ports: { alipay?: number; wechat?: number } = {}) {
  const alipay = await startAlipayStandIn({
    appId: c.alipay.appId,
    sellerId: c.alipay.sellerId,
    appPublicKey: c.alipay.appPublicKey,
    alipayPrivateKey: c.alipay.alipayPrivateKey,
    ...(c.alipay.certificates ? { certificates: c.alipay.certificates } : {}),
    ...(ports.alipay ? { port: ports.alipay } : {}),
  });
  const wechatpay = await startWechatpayStandIn({
    mchId: c.wechat.mchId,
    appId: c.wechat.appId,
    appSecret: c.wechat.appSecret,
    openid: c.wechat.openid,
    merchantSerial: c.wechat.merchantSerial,
    merchantPublicKey: c.wechat.merchantPublicKey,
    platformPrivateKey: c.wechat.platformPrivateKey,
    platformSerial: c.wechat.platformSerial,
    apiV3Key: Buffer.from(c.wechat.apiV3Key, "utf8"),
    ...(ports.wechat ? { port: ports.wechat } : {}),
  });
  return { alipay, wechatpay, close: () => Promise.all([alipay.close(), wechatpay.close()]).then(() => undefined) };
}

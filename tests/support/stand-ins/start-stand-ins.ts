import { startAlipayStandIn } from "./alipay-stand-in";
import type { StandInCredentials } from "./stand-in-credentials";
import { startWechatpayStandIn, type WechatpayStandIn } from "./wechatpay-stand-in";
import { wechatTransferDesk } from "./wechatpay-transfers";

/**
 * Both providers' stand-ins on free ports (or the given ones), with the credentials' keys (Alipay in
 * certificate mode when they hold certificates). With
 * `transfers`, WeChat Pay's also pays merchant transfers (商家转账) to the sign-in stand-in's openid,
 * whose WeChat account holds `payeeName`; `POST /transfer/accept` (form `package`) is the user
 * accepting a transfer in WeChat: the bill succeeds and its MCHTRANSFER.BILL.FINISHED notification
 * goes to the bill's notify_url.
 */
export async function startStandIns(c: StandInCredentials, ports: { alipay?: number; wechat?: number } = {}, options: { transfers?: { payeeName: string } } = {}) {
  const alipay = await startAlipayStandIn({
    appId: c.alipay.appId,
    sellerId: c.alipay.sellerId,
    appPublicKey: c.alipay.appPublicKey,
    alipayPrivateKey: c.alipay.alipayPrivateKey,
    ...(c.alipay.certificates ? { certificates: c.alipay.certificates } : {}),
    ...(ports.alipay ? { port: ports.alipay } : {}),
  });
  const desk = options.transfers ? wechatTransferDesk({ appId: c.wechat.appId, mchId: c.wechat.mchId, platformPrivateKey: c.wechat.platformPrivateKey }) : null;
  if (desk && options.transfers) desk.openAccount(c.wechat.openid, options.transfers.payeeName);
  let self: WechatpayStandIn | null = null;
  const acceptTransfer = async (form: URLSearchParams) => {
    const bill = [...(desk?.bills.values() ?? [])].find((b) => b.package_info === form.get("package"));
    if (!desk || !self || !bill) return { status: 404, body: { err_msg: "requestMerchantTransfer:fail" } };
    if (bill.state === "WAIT_USER_CONFIRM") desk.settle(bill.out_bill_no, { state: "SUCCESS" });
    const notifyUrl = desk.requests.find((r) => r.out_bill_no === bill.out_bill_no)?.notify_url;
    const delivered = typeof notifyUrl === "string" ? await self.deliver(notifyUrl, self.notification("MCHTRANSFER.BILL.FINISHED", desk.finished(bill.out_bill_no), { originalType: "mch_payment" })) : null;
    return { status: 200, body: { err_msg: "requestMerchantTransfer:ok", notified: delivered?.status ?? null } };
  };
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
    ...(desk ? { routes: desk.routes, appRoutes: { "POST /transfer/accept": acceptTransfer } } : {}),
    ...(ports.wechat ? { port: ports.wechat } : {}),
  });
  self = wechatpay;
  return { alipay, wechatpay, transfers: desk, close: () => Promise.all([alipay.close(), wechatpay.close()]).then(() => undefined) };
}

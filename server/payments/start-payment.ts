import "server-only";
import type { Db } from "@/db/client";
import { DomainError, isDomainError } from "../domain/shared/errors";
import { readWechatOpenid } from "../domain/users/wechat-openid";
import { readTopup } from "../domain/wallet/read-topup";
import type { PaymentStart } from "./payment-provider";
import { isWechatBrowser, paymentProvider, paymentSettings, providerUrls } from "./payment-providers";

/** What the provider's page shows the payer for each kind of payment (商品描述). */
const DESCRIPTIONS: Record<string, string> = { store_order: "拼拼 商城订单", group_join: "拼拼 参团" };
const TOPUP_DESCRIPTION = "拼拼 零钱充值";

export type StartOutcome = PaymentStart | { kind: "oauth"; url: string };

/**
 * Starts (or starts again) the shopper's own pending payment with the provider it was opened with:
 * Alipay's cashier link, WeChat Pay's H5 page, or inside WeChat's browser the JSAPI parameters; for
 * JSAPI without the shopper's openid yet, WeChat's silent sign-in first (`oauth`). The provider is
 * another company's server: a failure to reach it is PAYMENT_START_FAILED and changes nothing here.
 */
export async function startPayment(db: Db, input: { userId: string; paymentOrderId: string; userAgent: string; ip: string }): Promise<StartOutcome> {
  const order = await readTopup(db, input.userId, input.paymentOrderId);
  if (order.status !== "pending") throw new DomainError("PAYMENT_NOT_PENDING");
  const provider = paymentProvider(order.provider);
  if (!provider) throw new DomainError("PAYMENT_PROVIDER_UNAVAILABLE");
  const jsapi = provider.name === "wechatpay" && isWechatBrowser(input.userAgent);
  let openid: string | null = null;
  if (jsapi) {
    const oauth = paymentSettings().configs.wechatOauth;
    if (!oauth) throw new DomainError("PAYMENT_PROVIDER_UNAVAILABLE");
    openid = await readWechatOpenid(db, input.userId, oauth.appId);
    if (!openid) return { kind: "oauth", url: `/api/wechat/oauth/start?next=${encodeURIComponent(`/pay/wechatpay/${order.id}`)}` };
  }
  try {
    return await provider.startPayment({
      paymentOrderId: order.id,
      amountFen: order.amountFen,
      currency: order.currency,
      description: DESCRIPTIONS[order.purpose] ?? TOPUP_DESCRIPTION,
      ...providerUrls(provider.name, order.id),
      clientIp: input.ip,
      channel: jsapi ? "jsapi" : "h5",
      openid,
    });
  } catch (e) {
    if (isDomainError(e)) throw e;
    console.error(`[payments:${provider.name}] start ${order.id}`, e);
    throw new DomainError("PAYMENT_START_FAILED");
  }
}

import type { PaymentProviderName } from "@/db/schema";
import { DomainError } from "../domain/shared/errors";
import { env } from "../env";
import { ProviderEnvSchema, readProviderConfigs, sandboxGatewayOn, type ProviderConfigs } from "../providers/provider-env";
import { alipayPaymentProvider } from "./alipay-payments";
import type { PaymentProvider } from "./payment-provider";
import { sandboxPaymentProvider } from "./sandbox-gateway";
import { wechatpayPaymentProvider } from "./wechatpay-payments";

/** WeChat's in-app browser says so in its user agent; JSAPI payment works only there, H5 only outside it. */
export const isWechatBrowser = (userAgent: string) => /MicroMessenger/i.test(userAgent);

let settings: { configs: ProviderConfigs; sandbox: boolean } | undefined;
const cache = new Map<PaymentProviderName, PaymentProvider>();

/**
 * The providers' settings, read on their own (as payouts' are) so the API works without the web
 * server's other settings, as in tests; the sandbox's secret only when a notification is verified.
 */
export function paymentSettings(): { configs: ProviderConfigs; sandbox: boolean } {
  if (!settings) {
    const configs = readProviderConfigs(ProviderEnvSchema.parse(process.env));
    settings = { configs, sandbox: sandboxGatewayOn(process.env.PAYMENT_GATEWAY, configs) };
  }
  return settings;
}

/**
 * The provider of that name if this server offers it (its configuration complete; the sandbox while
 * PAYMENT_GATEWAY allows it), else null. Built once per process.
 */
export function paymentProvider(name: PaymentProviderName): PaymentProvider | null {
  const cached = cache.get(name);
  if (cached) return cached;
  const { configs, sandbox } = paymentSettings();
  let provider: PaymentProvider | null = null;
  if (name === "sandbox" && sandbox) provider = sandboxPaymentProvider(() => env().GATEWAY_WEBHOOK_SECRET);
  if (name === "alipay" && configs.alipay) provider = alipayPaymentProvider(configs.alipay);
  // Refund results are notified where payments are (REFUND.* events on the same endpoint).
  if (name === "wechatpay" && configs.wechatpay) provider = wechatpayPaymentProvider(configs.wechatpay, undefined, configs.publicBaseUrl ? { refundNotifyUrl: providerUrls("wechatpay", "").notifyUrl } : {});
  if (provider) cache.set(name, provider);
  return provider;
}

/**
 * The providers a shopper may choose, in the order the pay sheet lists them (the first is chosen
 * unless the shopper picks another): inside WeChat's browser WeChat Pay first (it pays there by
 * JSAPI, so only with WeChat sign-in configured for the openid); elsewhere the sandbox first when it
 * is on at all (development, demos and tests), then Alipay, then WeChat Pay (H5).
 */
export function offeredPaymentProviders(userAgent: string): PaymentProviderName[] {
  const inWechat = isWechatBrowser(userAgent);
  const order: PaymentProviderName[] = inWechat ? ["wechatpay", "alipay", "sandbox"] : ["sandbox", "alipay", "wechatpay"];
  return order.filter((name) => paymentProvider(name) !== null && !(name === "wechatpay" && inWechat && !paymentSettings().configs.wechatOauth));
}

/** The provider a new payment order goes to: the one asked for if offered (BAD_INPUT otherwise), else the first offered. */
export function chooseProvider(requested: PaymentProviderName | undefined, userAgent: string): PaymentProviderName {
  const offered = offeredPaymentProviders(userAgent);
  const chosen = requested ?? offered[0];
  if (!chosen || !offered.includes(chosen)) throw new DomainError("PAYMENT_PROVIDER_UNAVAILABLE");
  return chosen;
}

/** Where a provider notifies us, and where it sends the shopper back (absolute: on our public origin). */
export function providerUrls(name: PaymentProviderName, paymentOrderId: string): { notifyUrl: string; returnUrl: string } {
  const base = paymentSettings().configs.publicBaseUrl ?? "";
  return { notifyUrl: `${base}/api/webhooks/payments/${name}`, returnUrl: `${base}/pay/${name}/${paymentOrderId}?returned=1` };
}

import type { DbOrTx } from "@/db/client";
import type { Clock } from "../domain/shared/clock";
import type { PayoutProviderName, RealPayoutProvider } from "../domain/payouts/payout-route";
import { env, PayoutProvidersSchema } from "../env";
import type { PayoutProvider } from "./payout-provider";
import { alipayPayoutProvider } from "./alipay-payouts";
import { sandboxPayoutProvider } from "./sandbox-payouts";
import { wechatpayPayoutProvider } from "./wechatpay-payouts";

/**
 * The real payout providers enabled (PAYOUT_PROVIDERS, read on its own so the API works without the web
 * server's other settings, as in tests; each provider's own settings are read when it is used, and
 * checked at start-up by env()).
 */
export function enabledPayoutProviders(): readonly RealPayoutProvider[] {
  return PayoutProvidersSchema.parse(process.env.PAYOUT_PROVIDERS);
}

/** A payout provider by name: the sandbox always, a real one only when enabled; otherwise null. */
export function payoutProviderNamed(db: DbOrTx, clock: Clock, name: string): PayoutProvider | null {
  if (name === "sandbox") return sandboxPayoutProvider(db, clock, () => env().PAYOUT_CALLBACK_SECRET);
  if (!(enabledPayoutProviders() as readonly string[]).includes(name)) return null;
  const { providers, WECHATPAY_TRANSFER_SCENE_ID } = env();
  if (name === "alipay" && providers.alipay) return alipayPayoutProvider(providers.alipay);
  if (name === "wechatpay" && providers.wechatpay) {
    const notifyUrl = providers.publicBaseUrl ? `${providers.publicBaseUrl}/api/webhooks/payouts/wechatpay` : null;
    return wechatpayPayoutProvider(providers.wechatpay, { sceneId: WECHATPAY_TRANSFER_SCENE_ID, notifyUrl });
  }
  return null;
}

/** Every provider that may hold open payouts now: the sandbox and the enabled ones (the `payouts.sync` job asks each). */
export function activePayoutProviders(db: DbOrTx, clock: Clock): PayoutProvider[] {
  const names: PayoutProviderName[] = ["sandbox", ...enabledPayoutProviders()];
  return names.map((n) => payoutProviderNamed(db, clock, n)).filter((p): p is PayoutProvider => p !== null);
}

/** The AppID whose openids WeChat destinations hold: set while WeChat Pay payouts are enabled (and WeChat sign-in configured), else null. */
export function wechatPayoutAppId(): string | null {
  if (!enabledPayoutProviders().includes("wechatpay")) return null;
  return env().providers.wechatOauth?.appId ?? null;
}

/** The merchant and AppID WeChat's page needs to let the shopper accept a transfer (requestMerchantTransfer): set while WeChat Pay payouts are enabled. */
export function wechatTransferIds(): { mchId: string; appId: string } | null {
  if (!enabledPayoutProviders().includes("wechatpay")) return null;
  const w = env().providers.wechatpay;
  return w ? { mchId: w.mchId, appId: w.appId } : null;
}

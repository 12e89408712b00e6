import type { DestinationKind } from "@/db/schema";

/** The real payout providers an operator can enable (PAYOUT_PROVIDERS); the sandbox is always there. */
export const REAL_PAYOUT_PROVIDERS = ["alipay", "wechatpay"] as const;
export type RealPayoutProvider = (typeof REAL_PAYOUT_PROVIDERS)[number];
export type PayoutProviderName = "sandbox" | RealPayoutProvider;

/**
 * Who pays a withdrawal, by where it goes (issue 18): an Alipay account through Alipay's transfer, a
 * WeChat destination (the shopper's own openid) through WeChat Pay's transfer to a user, each only when
 * that provider is enabled; everything else (bank cards, or a provider not enabled) through the sandbox,
 * settled by hand. Chosen once, when finance approves: the payout keeps its provider.
 */
export function payoutProviderFor(kind: DestinationKind, enabled: readonly RealPayoutProvider[]): PayoutProviderName {
  if (kind === "alipay" && enabled.includes("alipay")) return "alipay";
  if (kind === "wechat" && enabled.includes("wechatpay")) return "wechatpay";
  return "sandbox";
}

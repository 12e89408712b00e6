import type { PaymentProviderName } from "@/db/schema";

/**
 * Our page for paying a payment order: the sandbox's cashier, or the page that hands the shopper to
 * the provider (and waits for its confirmation when they come back). Pure: shared with the UI.
 */
export function payUrlFor(provider: PaymentProviderName, paymentOrderId: string): string {
  return `/pay/${provider}/${paymentOrderId}`;
}

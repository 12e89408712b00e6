import type { PaymentProviderName } from "@/db/schema";

/**
 * The payment gateway's refund path, as the domain sees it. `key` is derived from the payment, so a
 * retry (a transaction that rolled back after the gateway answered) asks for the same refund again
 * and a real gateway answers with the first one instead of paying twice.
 */
export interface GatewayRefunds {
  refund(input: { key: string; provider: PaymentProviderName; paymentOrderId: string; gatewayTxnId: string | null; amount: number; currency: string }): Promise<{ reference: string }>;
}

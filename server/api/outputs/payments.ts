import { z } from "zod";
import { GATEWAY_REFUND_KINDS, GATEWAY_REFUND_STATUSES, PAYMENT_PROVIDERS, PAYMENT_STATUSES } from "@/db/schema";
import { Fen } from "./money";

/* Output schemas of the console's payment lists (admin.payments.*): amounts leave as integer fen. */

const Buyer = { userId: z.string(), phone: z.string(), displayName: z.string() };

export const PaymentRowOutput = z.object({
  id: z.string(),
  ...Buyer,
  purpose: z.string(),
  provider: z.enum(PAYMENT_PROVIDERS),
  status: z.enum(PAYMENT_STATUSES),
  amountFen: Fen,
  currency: z.string(),
  gatewayTxnId: z.string().nullable(),
  orderId: z.string().nullable(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
});
export const PaymentPageOutput = z.object({ items: z.array(PaymentRowOutput), nextCursor: z.string().nullable() });

export const ProviderRefundRowOutput = z.object({
  id: z.string(),
  provider: z.enum(PAYMENT_PROVIDERS),
  status: z.enum(GATEWAY_REFUND_STATUSES),
  amountFen: Fen,
  ...Buyer,
  /** A store order's refund (with its order and refund), or a held payment's (neither). */
  kind: z.enum(GATEWAY_REFUND_KINDS),
  orderId: z.string().nullable(),
  orderRefundId: z.string().nullable(),
  paymentOrderId: z.string(),
  gatewayTxnId: z.string().nullable(),
  providerRefundId: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export const ProviderRefundPageOutput = z.object({ items: z.array(ProviderRefundRowOutput), nextCursor: z.string().nullable() });

export const AskRefundOutput = z.object({ before: z.enum(GATEWAY_REFUND_STATUSES), status: z.enum(GATEWAY_REFUND_STATUSES), changed: z.boolean() });

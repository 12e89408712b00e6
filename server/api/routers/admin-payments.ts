import { z } from "zod";
import { GATEWAY_REFUND_STATUSES, PAYMENT_PROVIDERS, PAYMENT_STATUSES } from "@/db/schema";
import { askProviderRefund } from "../../domain/wallet/ask-provider-refund";
import { listPayments } from "../../domain/wallet/list-payments";
import { listProviderRefunds } from "../../domain/wallet/list-provider-refunds";
import { paymentProvider } from "../../payments/payment-providers";
import { AskRefundOutput, PaymentPageOutput, ProviderRefundPageOutput } from "../outputs/payments";
import { createTRPCRouter, staffProcedure } from "../trpc";

const Page = { cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(100).default(20) };

/** `admin.payments.*`: every payment by provider and status, the refunds sent back through providers, and asking a provider about one now. */
export const adminPaymentsRouter = createTRPCRouter({
  list: staffProcedure("payments.read")
    .input(z.object({ provider: z.enum(PAYMENT_PROVIDERS).optional(), status: z.enum(PAYMENT_STATUSES).optional(), ...Page }))
    .output(PaymentPageOutput)
    .query(({ ctx, input }) => listPayments(ctx.db, { provider: input.provider, status: input.status, cursor: input.cursor ?? undefined, limit: input.limit })),

  refunds: staffProcedure("payments.read")
    .input(z.object({ status: z.enum(GATEWAY_REFUND_STATUSES).optional(), provider: z.enum(PAYMENT_PROVIDERS).optional(), orderId: z.string().uuid().optional(), ...Page }))
    .output(ProviderRefundPageOutput)
    .query(({ ctx, input }) => listProviderRefunds(ctx.db, { status: input.status, provider: input.provider, orderId: input.orderId, cursor: input.cursor ?? undefined, limit: input.limit })),

  /** Not in a transaction of its own: the provider is another company's server (the answer is applied, and audited, in one). */
  askRefund: staffProcedure("payments.resolve")
    .input(z.object({ refundId: z.string().uuid() }))
    .output(AskRefundOutput)
    .mutation(({ ctx, input }) => askProviderRefund(ctx.db, ctx.clock, ctx.actor, paymentProvider, input.refundId)),
});

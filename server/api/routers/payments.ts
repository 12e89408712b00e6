import { z } from "zod";
import { PAYMENT_PROVIDERS } from "@/db/schema";
import { claimPaymentCheck } from "../../domain/wallet/payment-check-limit";
import { readTopup } from "../../domain/wallet/read-topup";
import { syncPaymentOrder } from "../../domain/wallet/sync-payments";
import { offeredPaymentProviders, paymentProvider } from "../../payments/payment-providers";
import { startPayment } from "../../payments/start-payment";
import { joinLanesFor } from "../../runtime/join-lanes";
import { TopupOutput } from "../outputs/money";
import { createTRPCRouter, shopperProcedure } from "../trpc";

const PaymentOrderInput = z.object({ paymentOrderId: z.string().uuid() }).strict();

/** `payments.*`: the pay sheet's choice of providers, starting a payment with one, and asking it about a payment on return. */
export const paymentsRouter = createTRPCRouter({
  /** The providers this shopper may choose here, in the sheet's order (WeChat Pay first inside WeChat's browser). */
  methods: shopperProcedure.output(z.object({ providers: z.array(z.enum(PAYMENT_PROVIDERS)) })).query(({ ctx }) => ({ providers: offeredPaymentProviders(ctx.userAgent) })),

  /** Where to send the shopper to pay (or the JSAPI parameters, or WeChat's sign-in first). */
  start: shopperProcedure.input(PaymentOrderInput).mutation(({ ctx, input }) => startPayment(ctx.db, { userId: ctx.userId, paymentOrderId: input.paymentOrderId, userAgent: ctx.userAgent, ip: ctx.ip })),

  /**
   * Back from the provider's page ("I have paid: check"): if the notification has not arrived yet,
   * asks the provider and applies its answer as the notification would be (once per transaction id
   * either way). Each question to the provider is limited per order and per shopper, recorded before
   * it is asked (PAYMENT_CHECK_TOO_SOON, retryable); an order already settled is answered from our books.
   */
  refresh: shopperProcedure
    .input(PaymentOrderInput)
    .output(TopupOutput)
    .mutation(async ({ ctx, input }) => {
      const order = await readTopup(ctx.db, ctx.userId, input.paymentOrderId);
      const provider = order.status === "pending" && order.provider !== "sandbox" ? paymentProvider(order.provider) : null;
      if (!provider) return order;
      await ctx.db.transaction((tx) => claimPaymentCheck(tx, ctx.clock, { userId: ctx.userId, paymentOrderId: order.id }));
      const result = await syncPaymentOrder(ctx.db, ctx.clock, provider, order.id);
      if (result?.join?.filled) void joinLanesFor(ctx.db, ctx.clock).draws.kick(result.join.activityId);
      return readTopup(ctx.db, ctx.userId, input.paymentOrderId);
    }),
});

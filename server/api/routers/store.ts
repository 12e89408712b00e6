import { z } from "zod";
import { ORDER_STATUSES, PAYMENT_PROVIDERS } from "@/db/schema";
import { payUrlFor } from "../../payments/pay-url";
import { chooseProvider, paymentProvider } from "../../payments/payment-providers";
import { submitOpenRefunds } from "../../domain/wallet/provider-refunds";
import { readUserBalances } from "../../domain/ledger";
import { deleteAddress, listAddresses, saveAddress } from "../../domain/store/addresses";
import { cancelOrder } from "../../domain/store/cancel-order";
import { listCategories, listMallItems, listProducts, quoteCart, readProduct } from "../../domain/store/catalog";
import { confirmReceipt } from "../../domain/store/fulfil-order";
import { MAX_LINES, MAX_QUANTITY, placeOrder } from "../../domain/store/place-order";
import { listOrders, readOrder } from "../../domain/store/read-orders";
import { redeemMallItem } from "../../domain/store/redeem-mall-item";
import { readCommissionTotals } from "../../domain/store/release-commissions";
import { setOrderAddress } from "../../domain/store/set-order-address";
import { poolCalendar } from "../../domain/pool/pool-phase";
import { OrderDetailOutput, OrderPageOutput, PlacedOrderOutput, QuoteOutput, StoreWalletOutput } from "../outputs/store";
import { createTRPCRouter, publicProcedure, shopperProcedure } from "../trpc";

const Id = z.string().uuid();
const Line = z.object({ productId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY) }).strict();
const Page = { cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(50).default(20) };

/**
 * The storefront (spec §7). Inputs are strict: a price, total or user id sent by the client is
 * refused, not ignored — prices and the buyer always come from the server.
 */
export const storeRouter = createTRPCRouter({
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.db)),

  products: publicProcedure
    .input(z.object({ categoryId: Id.optional(), query: z.string().max(40).optional(), ...Page }).strict())
    .query(({ ctx, input }) => listProducts(ctx.db, { categoryId: input.categoryId, query: input.query, cursor: input.cursor ?? undefined, limit: input.limit })),

  product: publicProcedure.input(z.object({ id: Id }).strict()).query(({ ctx, input }) => readProduct(ctx.db, input.id)),

  quote: publicProcedure
    .input(z.object({ lines: z.array(Line).max(MAX_LINES) }).strict())
    .output(QuoteOutput)
    .query(({ ctx, input }) => quoteCart(ctx.db, input.lines)),

  wallet: shopperProcedure.output(StoreWalletOutput).query(async ({ ctx }) => {
    const b = await readUserBalances(ctx.db, ctx.userId);
    return { cashFen: b.cash, voucherFen: b.voucher, mallPoints: b.mallPoints, divPoints: b.divPoints, commission: await readCommissionTotals(ctx.db, ctx.userId) };
  }),

  addresses: shopperProcedure.query(({ ctx }) => listAddresses(ctx.db, ctx.userId)),

  saveAddress: shopperProcedure
    .input(z.object({ id: Id.optional(), recipient: z.string().max(40), phone: z.string().max(20), region: z.string().max(80), detail: z.string().max(200), isDefault: z.boolean() }).strict())
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveAddress(tx, ctx.clock, ctx.userId, input))),

  deleteAddress: shopperProcedure.input(z.object({ id: Id }).strict()).mutation(({ ctx, input }) => ctx.db.transaction((tx) => deleteAddress(tx, ctx.userId, input.id))),

  checkout: shopperProcedure
    .input(
      z
        .object({
          orderId: Id,
          lines: z.array(Line).min(1).max(MAX_LINES),
          addressId: Id,
          voucherFen: z.number().int().min(0).max(1_000_000_000),
          payWith: z.enum(["cash", "gateway"]),
          provider: z.enum(PAYMENT_PROVIDERS).optional(),
        })
        .strict(),
    )
    .output(PlacedOrderOutput)
    .mutation(async ({ ctx, input }) => {
      const provider = input.payWith === "gateway" ? chooseProvider(input.provider, ctx.userAgent) : undefined;
      const order = await ctx.db.transaction((tx) => placeOrder(tx, ctx.clock, { userId: ctx.userId, ...input, provider }));
      return { ...order, payUrl: order.status === "pending_payment" && order.paymentOrderId && order.paymentProvider ? payUrlFor(order.paymentProvider, order.paymentOrderId) : null };
    }),

  orders: shopperProcedure
    // Not strict: an infinite query adds its own paging fields (cursor, direction) to the input.
    .input(z.object({ statuses: z.array(z.enum(ORDER_STATUSES)).max(ORDER_STATUSES.length).optional(), ...Page }))
    .output(OrderPageOutput)
    .query(({ ctx, input }) => {
      // W-A prizes are already orders: made right after their draw (DrawScheduler), or by the job.
      return listOrders(ctx.db, { userId: ctx.userId, statuses: input.statuses, cursor: input.cursor ?? undefined, limit: input.limit });
    }),

  order: shopperProcedure.input(z.object({ id: Id }).strict()).output(OrderDetailOutput).query(({ ctx, input }) => readOrder(ctx.db, { orderId: input.id, userId: ctx.userId })),

  cancel: shopperProcedure
    .input(z.object({ id: Id }).strict())
    .mutation(async ({ ctx, input }) => {
      const order = await ctx.db.transaction((tx) => cancelOrder(tx, ctx.clock, { userId: ctx.userId, orderId: input.id }));
      // A paid order's cash collected by Alipay or WeChat Pay goes back through it, after the commit.
      await submitOpenRefunds(ctx.db, ctx.clock, paymentProvider, { orderId: order.id });
      return order;
    }),

  confirmReceipt: shopperProcedure
    .input(z.object({ id: Id }).strict())
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => confirmReceipt(tx, ctx.clock, { userId: ctx.userId, orderId: input.id }))),

  setOrderAddress: shopperProcedure
    .input(z.object({ id: Id, addressId: Id }).strict())
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => setOrderAddress(tx, ctx.clock, { userId: ctx.userId, orderId: input.id, addressId: input.addressId }))),

  mall: publicProcedure.query(async ({ ctx }) => {
    const cal = poolCalendar(ctx.clock.now());
    return { items: await listMallItems(ctx.db), divPointsOpen: cal.phase === "open", nextPhaseAt: cal.nextPhaseAt };
  }),

  redeem: shopperProcedure
    .input(z.object({ orderId: Id, mallItemId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY), addressId: Id }).strict())
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => redeemMallItem(tx, ctx.clock, { userId: ctx.userId, ...input }))),
});

import { z } from "zod";
import { MALL_ASSETS, ORDER_KINDS, ORDER_STATUSES, PAYMENT_PROVIDERS } from "@/db/schema";
import { listCategories, listMallItems, listProducts, readProduct } from "../../domain/store/catalog";
import { markDelivered, shipOrder } from "../../domain/store/fulfil-order";
import { grantVoucher } from "../../domain/store/grant-voucher";
import { adjustStock, saveCategory, saveMallItem, saveProduct } from "../../domain/store/manage-catalog";
import { listOrders, readOrder } from "../../domain/store/read-orders";
import { refundOrder } from "../../domain/store/refund-order";
import { OrderDetailOutput, OrderPageOutput } from "../outputs/store";
import { submitOpenRefunds } from "../../domain/wallet/provider-refunds";
import { paymentProvider } from "../../payments/payment-providers";
import { createTRPCRouter, staffProcedure } from "../trpc";

const Id = z.string().uuid();
const Page = { cursor: z.string().max(100).nullish(), limit: z.number().int().min(1).max(100).default(20) };

/** `admin.store.*`: catalog, points mall and voucher grants. */
export const adminStoreRouter = createTRPCRouter({
  categories: staffProcedure("store.read").query(({ ctx }) => listCategories(ctx.db, { all: true })),

  saveCategory: staffProcedure("store.write")
    .input(z.object({ id: Id.optional(), name: z.string().max(40), position: z.number().int().min(0).max(9999), active: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveCategory(tx, ctx.clock, ctx.actor, input))),

  products: staffProcedure("store.read")
    .input(z.object({ categoryId: Id.optional(), query: z.string().max(40).optional(), ...Page }))
    .query(({ ctx, input }) => listProducts(ctx.db, { categoryId: input.categoryId, query: input.query, cursor: input.cursor ?? undefined, limit: input.limit, includeOffSale: true })),

  product: staffProcedure("store.read").input(z.object({ id: Id })).query(({ ctx, input }) => readProduct(ctx.db, input.id, { includeOffSale: true })),

  saveProduct: staffProcedure("store.write")
    .input(
      z.object({
        id: Id.optional(),
        categoryId: Id.nullable(),
        name: z.string().max(100),
        description: z.string().max(4000),
        priceFen: z.number().int(),
        images: z.array(z.string().max(200)).max(8),
        onSale: z.boolean(),
        maxPerShopper: z.number().int().nullish(),
        initialStock: z.number().int().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveProduct(tx, ctx.clock, ctx.actor, input))),

  adjustStock: staffProcedure("store.write")
    .input(z.object({ productId: Id, delta: z.number().int() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => adjustStock(tx, ctx.clock, ctx.actor, input))),

  mallItems: staffProcedure("store.read").query(({ ctx }) => listMallItems(ctx.db, { all: true })),

  saveMallItem: staffProcedure("store.write")
    .input(z.object({ id: Id.optional(), productId: Id, asset: z.enum(MALL_ASSETS), pricePoints: z.number().int(), stock: z.number().int(), active: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => saveMallItem(tx, ctx.clock, ctx.actor, input))),

  grantVoucher: staffProcedure("vouchers.grant")
    .input(z.object({ grantId: Id, userId: Id, amountFen: z.number().int(), note: z.string().max(400) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => grantVoucher(tx, ctx.clock, ctx.actor, input))),
});

/** `admin.orders.*`: every order (store, points mall, prizes): filter, ship, deliver, refund. */
export const adminOrdersRouter = createTRPCRouter({
  list: staffProcedure("orders.read")
    .input(z.object({ status: z.enum([...ORDER_STATUSES, "awaiting_address"]).optional(), kind: z.enum(ORDER_KINDS).optional(), provider: z.enum(PAYMENT_PROVIDERS).optional(), query: z.string().max(40).optional(), ...Page }))
    .output(OrderPageOutput)
    .query(({ ctx, input }) => listOrders(ctx.db, { stage: input.status, kind: input.kind, provider: input.provider, query: input.query, cursor: input.cursor ?? undefined, limit: input.limit })),

  get: staffProcedure("orders.read").input(z.object({ id: Id })).output(OrderDetailOutput).query(({ ctx, input }) => readOrder(ctx.db, { orderId: input.id })),

  ship: staffProcedure("orders.fulfil")
    .input(z.object({ id: Id, carrier: z.string().max(60), trackingNo: z.string().max(60) }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => shipOrder(tx, ctx.clock, ctx.actor, { orderId: input.id, carrier: input.carrier, trackingNo: input.trackingNo }))),

  deliver: staffProcedure("orders.fulfil")
    .input(z.object({ id: Id }))
    .mutation(({ ctx, input }) => ctx.db.transaction((tx) => markDelivered(tx, ctx.clock, ctx.actor, { orderId: input.id }))),

  refund: staffProcedure("orders.refund")
    .input(z.object({ id: Id, refundId: Id, amountFen: z.number().int(), note: z.string().max(200) }))
    .mutation(async ({ ctx, input }) => {
      const out = await ctx.db.transaction((tx) => refundOrder(tx, ctx.clock, ctx.actor, { orderId: input.id, refundId: input.refundId, amountFen: input.amountFen, note: input.note }));
      // The cash part of an order paid through Alipay or WeChat Pay goes back through it, after the commit.
      if (out.providerRefund) await submitOpenRefunds(ctx.db, ctx.clock, paymentProvider, { orderId: input.id });
      return out;
    }),
});

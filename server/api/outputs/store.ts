import { z } from "zod";
import { MALL_ASSETS, ORDER_KINDS, ORDER_STATUSES, PAYMENT_PROVIDERS, orders } from "@/db/schema";
import { Fen } from "./money";

/* Output schemas of the store's procedures that return money (store.*, admin.orders.*): orders, the cart's quote, checkout, the store wallet. */

const OrderItemOutput = z.object({
  id: z.number().int(),
  orderId: z.string(),
  productId: z.string().nullable(),
  mallItemId: z.string().nullable(),
  name: z.string(),
  imageUrl: z.string().nullable(),
  unitPriceFen: Fen,
  quantity: z.number().int(),
});

/** An order with its lines and its buyer (masked number), as lists and the detail page show it. */
export const OrderOutput = z.object({
  id: z.string(),
  userId: z.string(),
  kind: z.enum(ORDER_KINDS),
  status: z.enum(ORDER_STATUSES),
  itemsTotalFen: Fen,
  voucherFen: Fen,
  cashFen: Fen,
  payWith: z.enum(orders.payWith.enumValues),
  pointsAsset: z.enum(MALL_ASSETS).nullable(),
  points: Fen,
  refundedCashFen: Fen,
  refundedVoucherFen: Fen,
  refundCount: z.number().int(),
  mallPointsEarned: Fen,
  mallPointsClawedBack: Fen,
  address: z.object({ recipient: z.string(), phone: z.string(), region: z.string(), detail: z.string() }).nullable(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  paymentOrderId: z.string().nullable(),
  /** Where its gateway payment was opened (the pay link of an unpaid order) and the provider's transaction id once paid. */
  paymentProvider: z.enum(PAYMENT_PROVIDERS).nullable(),
  gatewayTxnId: z.string().nullable(),
  prizeEntryId: z.string().nullable(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
  buyer: z.object({ displayName: z.string(), phone: z.string() }),
  items: z.array(OrderItemOutput),
});

export const OrderPageOutput = z.object({ items: z.array(OrderOutput), nextCursor: z.string().nullable() });

/** One order with its timeline (each event's detail as stored: carrier and tracking, a refund's amounts). */
export const OrderDetailOutput = OrderOutput.extend({
  events: z.array(z.object({ id: z.number().int(), kind: z.string(), detail: z.unknown(), createdAt: z.date() })),
});

export const QuoteOutput = z.object({
  items: z.array(
    z.object({
      productId: z.string(),
      quantity: z.number().int(),
      name: z.string().nullable(),
      imageUrl: z.string().nullable(),
      priceFen: Fen,
      stock: z.number().int(),
      onSale: z.boolean(),
      available: z.boolean(),
    }),
  ),
  totalFen: Fen,
});

export const PlacedOrderOutput = z.object({
  id: z.string(),
  status: z.string(),
  itemsTotalFen: Fen,
  voucherFen: Fen,
  cashFen: Fen,
  paymentOrderId: z.string().nullable(),
  payUrl: z.string().nullable(),
});

export const StoreWalletOutput = z.object({
  cashFen: Fen,
  voucherFen: Fen,
  mallPoints: Fen,
  divPoints: Fen,
  commission: z.object({ heldFen: Fen, paidFen: Fen }),
});

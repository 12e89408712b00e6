/** Where the shopper goes back to once paid: the store order, the activity room of a join, or the wallet. */
export function paidReturnTo(order: { storeOrderId: string | null; joinActivityId: string | null }): string {
  if (order.storeOrderId) return `/orders/${order.storeOrderId}`;
  if (order.joinActivityId) return `/activities/${order.joinActivityId}`;
  return "/wallet";
}

import { paymentOrders, users } from "@/db/schema";

/** What the console shows of any payment order and its payer (join `users` on the payer; mask the phone when reading). */
export const PAYMENT_ROW_COLUMNS = {
  id: paymentOrders.id,
  userId: paymentOrders.userId,
  phone: users.phone,
  displayName: users.displayName,
  purpose: paymentOrders.purpose,
  provider: paymentOrders.provider,
  status: paymentOrders.status,
  amountFen: paymentOrders.amountFen,
  currency: paymentOrders.currency,
  gatewayTxnId: paymentOrders.gatewayTxnId,
};

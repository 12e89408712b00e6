/** The payments page's tabs (a plain module: the server page reads them from `?tab=`). */
export const PAYMENT_TABS = ["open", "resolved", "all", "refunds"] as const;
export type PaymentTab = (typeof PAYMENT_TABS)[number];

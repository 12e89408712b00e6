import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entries, orders } from "@/db/schema";

/** The shopper's prize orders in these groups, keyed `groupId:seat` (a win notice names its group and seat). */
export async function findPrizeOrders(tx: DbOrTx, userId: string, groupIds: string[]): Promise<Map<string, string>> {
  if (groupIds.length === 0) return new Map();
  const rows = await tx
    .select({ groupId: entries.groupId, seat: entries.seat, orderId: orders.id })
    .from(orders)
    .innerJoin(entries, eq(entries.id, orders.prizeEntryId))
    .where(and(eq(orders.userId, userId), inArray(entries.groupId, groupIds)));
  return new Map(rows.map((r) => [`${r.groupId}:${r.seat}`, r.orderId]));
}

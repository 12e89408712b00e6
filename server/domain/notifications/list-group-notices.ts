import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, groups } from "@/db/schema";
import { findPrizeOrders } from "../store/find-prize-orders";
import { listNotifications } from "./list-notifications";

/** The group a notice names, as the list shows it: which activity and group number. */
export interface NoticeGroup {
  id: string;
  number: number;
  activityId: string;
  activityName: string;
}

/**
 * The user's notifications (listNotifications), each with the group its payload names, if any, and
 * the order it concerns: its own `orderId`, or for a win notice the prize order made after the draw
 * (where the winner is asked for the address).
 */
export async function listGroupNotices(tx: DbOrTx, input: { userId: string; cursor?: string; limit: number }) {
  const page = await listNotifications(tx, input);
  const groupOf = (payload: unknown): string | null => {
    const id = payload && typeof payload === "object" && "groupId" in payload ? payload.groupId : null;
    return typeof id === "string" ? id : null;
  };
  const groupIds = [...new Set(page.items.map((n) => groupOf(n.payload)).filter((id): id is string => id !== null))];
  const refs: NoticeGroup[] = groupIds.length
    ? await tx
        .select({ id: groups.id, number: groups.number, activityId: groups.activityId, activityName: activities.name })
        .from(groups)
        .innerJoin(activities, eq(activities.id, groups.activityId))
        .where(inArray(groups.id, groupIds))
    : [];
  const byId = new Map(refs.map((r) => [r.id, r]));
  const prizeOrders = await findPrizeOrders(tx, input.userId, groupIds);
  return {
    ...page,
    items: page.items.map((n) => {
      const p = (n.payload ?? {}) as { seat?: unknown; orderId?: unknown };
      const groupId = groupOf(n.payload);
      const orderId = typeof p.orderId === "string" ? p.orderId : (prizeOrders.get(`${groupId}:${String(p.seat)}`) ?? null);
      return { ...n, group: byId.get(groupId ?? "") ?? null, orderId };
    }),
  };
}

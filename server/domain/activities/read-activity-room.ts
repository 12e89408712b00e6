import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems, entries, groups, users } from "@/db/schema";
import { DomainError } from "../shared/errors";
import { publicPerson, type PublicPerson } from "../users/public-person";
import { ActivityConfigSchema, type ActivityConfig } from "../shared/activity-config";
import { itemImageSql } from "../shared/item-image";

export interface RoomSeat extends PublicPerson {
  seat: number;
  mine: boolean;
}

/**
 * Everything the room page shows before a shopper pays: the items, the price, N/K, the rules in
 * force for the group they would join (its snapshot, not the activity's current draft), the seat
 * map and the group's commitment, plus the last few closed groups.
 */
export async function readActivityRoom(tx: DbOrTx, activityId: string, viewerId: string | null) {
  const [activity] = await tx.select().from(activities).where(eq(activities.id, activityId));
  if (!activity) throw new DomainError("NOT_FOUND");
  const items = await tx
    .select({ id: activityItems.id, kind: activityItems.kind, name: activityItems.name, imageUrl: itemImageSql() })
    .from(activityItems)
    .where(and(eq(activityItems.activityId, activityId), eq(activityItems.active, true)))
    .orderBy(activityItems.position);
  const [open] = await tx.select().from(groups).where(and(eq(groups.activityId, activityId), eq(groups.status, "open")));
  const seats: RoomSeat[] = open
    ? (
        await tx
          .select({ seat: entries.seat, id: users.id, displayName: users.displayName, avatarVariant: users.avatarVariant })
          .from(entries)
          .innerJoin(users, eq(users.id, entries.userId))
          .where(eq(entries.groupId, open.id))
          .orderBy(entries.seat)
      ).map((s) => ({ seat: s.seat, ...publicPerson(s), mine: s.id === viewerId }))
    : [];
  const recent = await tx
    .select({ id: groups.id, number: groups.number, status: groups.status, winnerSeats: groups.winnerSeats, closedAt: groups.closedAt })
    .from(groups)
    .where(and(eq(groups.activityId, activityId), inArray(groups.status, ["full", "drawn", "dissolved"])))
    .orderBy(desc(groups.number))
    .limit(5);
  const rules: ActivityConfig = ActivityConfigSchema.parse(open?.config ?? activity.config);
  return {
    activity: { id: activity.id, name: activity.name, priceFen: activity.priceFen, groupSize: activity.groupSize, winners: activity.winners, status: activity.status, opensAt: activity.opensAt, closesAt: activity.closesAt },
    items,
    rules,
    openGroup: open ? { id: open.id, number: open.number, commitment: open.commitment, seatsTaken: open.seatsTaken, expiresAt: open.expiresAt, priceFen: open.priceFen, groupSize: open.groupSize, winners: open.winners, seats } : null,
    recentGroups: recent.map((g) => ({ ...g, winnerSeats: (g.winnerSeats as number[] | null) ?? [] })),
  };
}

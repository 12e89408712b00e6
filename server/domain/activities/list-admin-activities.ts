import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, ACTIVITY_STATUSES, groups } from "@/db/schema";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

type Status = (typeof ACTIVITY_STATUSES)[number];

/**
 * Every activity for the console, newest first (keyset-paged), whatever its status: the open
 * group's seats, how many groups were drawn or dissolved, and whether the open group still runs on
 * settings that have since been edited (`openGroupOutdated`: the edit applies from the next group).
 */
export async function listAdminActivities(tx: DbOrTx, input: { status?: Status; cursor?: string; limit: number }) {
  const where: SQL[] = [];
  if (input.status) where.push(eq(activities.status, input.status));
  const after = cursorBefore(input.cursor, activities.createdAt, activities.id);
  if (after) where.push(after);
  const rows = await tx
    .select({
      id: activities.id,
      name: activities.name,
      status: activities.status,
      priceFen: activities.priceFen,
      groupSize: activities.groupSize,
      winners: activities.winners,
      opensAt: activities.opensAt,
      closesAt: activities.closesAt,
      createdAt: activities.createdAt,
      updatedAt: activities.updatedAt,
      openGroupId: groups.id,
      openGroupNumber: groups.number,
      openGroupSeatsTaken: groups.seatsTaken,
      openGroupSize: groups.groupSize,
      openGroupExpiresAt: groups.expiresAt,
      openGroupOutdated: sql<boolean | null>`CASE WHEN ${groups.id} IS NULL THEN NULL ELSE NOT (${groups.config} = ${activities.config} AND ${groups.priceFen} = ${activities.priceFen} AND ${groups.groupSize} = ${activities.groupSize} AND ${groups.winners} = ${activities.winners}) END`,
      drawnGroups: sql<number>`(SELECT count(*) FROM groups d WHERE d.activity_id = ${activities.id} AND d.status = 'drawn')`.mapWith(Number),
      dissolvedGroups: sql<number>`(SELECT count(*) FROM groups d WHERE d.activity_id = ${activities.id} AND d.status = 'dissolved')`.mapWith(Number),
      items: sql<number>`(SELECT count(*) FROM activity_items i WHERE i.activity_id = ${activities.id} AND i.active)`.mapWith(Number),
    })
    .from(activities)
    .leftJoin(groups, and(eq(groups.activityId, activities.id), eq(groups.status, "open")))
    .where(and(...where))
    .orderBy(desc(activities.createdAt), desc(activities.id))
    .limit(input.limit + 1);
  return keysetPage(rows, input.limit);
}

import { randomUUID } from "node:crypto";
import { asc, desc, eq } from "drizzle-orm";
import { createDb } from "@/db/client";
import { activities, activityItems, users } from "@/db/schema";
import { drawPendingGroups } from "@/server/domain/groups/draw-group";
import { joinActivity } from "@/server/domain/groups/join-activity";
import { systemClock } from "@/server/domain/shared/clock";
import { fundFromOpening, insertShoppers } from "./shoppers";

export interface PagesFixture {
  activityId: string;
  /** Seats in the activity's groups (the room's seat map has this many). */
  groupSize: number;
  /** Seats taken in the open group, `shopper`'s among them. */
  openSeats: number;
  drawnGroupId: string;
}

/**
 * What the shopper pages show on top of the demo data: in the demo activity with the most seats, a
 * group filled by bench shoppers and drawn (the result page), and an open group a little under half
 * full with `shopperPhone` in one of its seats (the room, as its member sees it).
 */
export async function seedPagesFixture(databaseUrl: string, shopperPhone: string): Promise<PagesFixture> {
  const handle = createDb(databaseUrl, { max: 1 });
  const db = handle.db;
  try {
    const [activity] = await db.select().from(activities).orderBy(desc(activities.groupSize)).limit(1);
    if (!activity) throw new Error("the demo data has no activity");
    const [item] = await db.select({ id: activityItems.id }).from(activityItems).where(eq(activityItems.activityId, activity.id)).orderBy(asc(activityItems.position)).limit(1);
    const [shopper] = await db.select({ id: users.id }).from(users).where(eq(users.phone, shopperPhone));
    if (!item || !shopper) throw new Error(`the demo data has no item or no shopper ${shopperPhone}`);

    const others = Math.max(1, Math.floor(activity.groupSize / 2) - 1);
    const ids = await insertShoppers(db, activity.groupSize + others, { prefix: "135" });
    await fundFromOpening(db, systemClock, ids.map((userId) => ({ userId, asset: "cash" as const, amount: activity.priceFen })));
    const join = (userId: string) => db.transaction((tx) => joinActivity(tx, systemClock, { userId, activityId: activity.id, itemId: item.id, entryId: randomUUID() }));

    const first = await join(ids[0]!);
    for (const userId of ids.slice(1, activity.groupSize)) await join(userId);
    await drawPendingGroups(db, systemClock, activity.id);
    for (const userId of ids.slice(activity.groupSize)) await join(userId);
    await join(shopper.id);
    return { activityId: activity.id, groupSize: activity.groupSize, openSeats: others + 1, drawnGroupId: first.groupId };
  } finally {
    await handle.close();
  }
}

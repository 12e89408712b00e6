import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { activities } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { pgCode } from "../shared/errors";
import { isActivityOpen } from "../shared/activity-open";
import { dissolveGroup } from "./dissolve-group";
import { openGroup } from "./open-group";
import { lockActivitySeats } from "../shared/seat-locks";

/**
 * The group-timeout job (spec §2, §4): each open group past its expiry is dissolved and refunded,
 * and a fresh group opened, each in its own transaction under the activity's seat lock — the lock a
 * join takes, so a timeout racing the last join leaves the group either full or dissolved, never both,
 * and the join then finds the group the job opened.
 */
export async function dissolveExpiredGroups(db: Db, clock: Clock): Promise<number> {
  const due = await db.execute<{ id: string; activity_id: string }>(sql`SELECT id, activity_id FROM groups WHERE status = 'open' AND expires_at <= ${clock.now().toISOString()}::timestamptz ORDER BY expires_at LIMIT 1000`);
  let dissolved = 0;
  for (const { id, activity_id: activityId } of due) {
    const done = await db
      .transaction(async (tx) => {
      await lockActivitySeats(tx, activityId);
      const [g] = await tx.execute<{ id: string; activity_id: string }>(
        sql`SELECT id, activity_id FROM groups WHERE id = ${id} AND status = 'open' AND expires_at <= ${clock.now().toISOString()}::timestamptz FOR UPDATE`,
      );
      if (!g) return false;
      await dissolveGroup(tx, clock, { id: g.id, activityId: g.activity_id }, "timeout");
      // The next group opens now only for a running activity; otherwise the first join opens it.
      const [activity] = await tx.select().from(activities).where(eq(activities.id, g.activity_id));
      const now = clock.now();
      if (activity && isActivityOpen(activity, now)) await openGroup(tx, clock, activity);
      return true;
      })
      // A join batch holds a refunded shopper's cash row while it waits for the seat lock this holds:
      // PostgreSQL breaks the deadlock; the group is left for the next run (or the next join) to dissolve.
      .catch((e: unknown) => {
        if (pgCode(e) === "40P01") return false;
        throw e;
      });
    if (done) dissolved += 1;
  }
  return dissolved;
}

import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { commitmentOf } from "../draw/pinpin-draw-v1";
import { ActivityConfigSchema } from "../activities/activity-config";

export interface ActivityForGroup {
  id: string;
  priceFen: number;
  groupSize: number;
  winners: number;
  config: unknown;
}

/**
 * Opens the activity's next group with a fresh 32-byte CSPRNG seed; only sha256(seed) is public until
 * the draw. The activity's settings are snapshotted here: an edit applies from the next group on.
 */
export async function openGroup(tx: DbOrTx, clock: Clock, activity: ActivityForGroup, number?: number): Promise<typeof groups.$inferSelect> {
  const config = ActivityConfigSchema.parse(activity.config);
  const seedHex = randomBytes(32).toString("hex");
  const now = clock.now();
  // The caller that just closed group n (under the seat lock) knows the next number; others look it up.
  const [{ next } = { next: 1 }] =
    number !== undefined ? [{ next: number }] : await tx.execute<{ next: number }>(sql`SELECT COALESCE(MAX(number), 0) + 1 AS next FROM groups WHERE activity_id = ${activity.id}`);
  const [group] = await tx
    .insert(groups)
    .values({
      activityId: activity.id,
      number: Number(next),
      seedHex,
      commitment: commitmentOf(seedHex),
      priceFen: activity.priceFen,
      groupSize: activity.groupSize,
      winners: activity.winners,
      config,
      openedAt: now,
      expiresAt: new Date(now.getTime() + config.timeoutSeconds * 1000),
    })
    .returning();
  if (!group) throw new Error("group insert returned nothing");
  return group;
}

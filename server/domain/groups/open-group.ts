import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups } from "@/db/schema";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "../shared/clock";
import { commitmentOf } from "../draw/pinpin-draw-v1";
import { ActivityConfigSchema } from "../shared/activity-config";

export interface ActivityForGroup {
  id: string;
  priceFen: number;
  groupSize: number;
  winners: number;
  config: unknown;
}

export type GroupRow = typeof groups.$inferSelect;

/**
 * Opens the activity's next group with a fresh 32-byte CSPRNG seed; only sha256(seed) is public until
 * the draw. The activity's settings are snapshotted here: an edit applies from the next group on.
 */
export async function openGroup(tx: DbOrTx, clock: Clock, activity: ActivityForGroup, number?: number): Promise<GroupRow> {
  // The caller that just closed group n (under the seat lock) knows the next number; others look it up.
  const group = newGroup(clock, activity, number ?? (await nextGroupNumber(tx, activity.id)));
  await tx.execute(insertGroups([group]));
  return group;
}

/** The number the activity's next group takes (the caller holds the seat lock). */
export async function nextGroupNumber(tx: DbOrTx, activityId: string): Promise<number> {
  const [row] = await tx.execute<{ next: number }>(sql`SELECT COALESCE(MAX(number), 0) + 1 AS next FROM groups WHERE activity_id = ${activityId}`);
  return Number(row?.next ?? 1);
}

/** The row of the activity's group number `number`, as it opens now (not yet written: see insertGroups). */
export function newGroup(clock: Clock, activity: ActivityForGroup, number: number): GroupRow {
  const config = ActivityConfigSchema.parse(activity.config);
  const seedHex = randomBytes(32).toString("hex");
  const now = clock.now();
  return {
    id: randomUUID(),
    activityId: activity.id,
    number,
    status: "open",
    seedHex,
    commitment: commitmentOf(seedHex),
    priceFen: activity.priceFen,
    groupSize: activity.groupSize,
    winners: activity.winners,
    config,
    seatsTaken: 0,
    openedAt: now,
    expiresAt: new Date(now.getTime() + config.timeoutSeconds * 1000),
    filledAt: null,
    closedAt: null,
    winnerSeats: null,
    closeReason: null,
  };
}

/**
 * One statement writing new groups (a join batch opens several when it fills one after another; those
 * it fills go in as `full`). Its text does not depend on how many, so it stays one prepared statement.
 */
export function insertGroups(rows: GroupRow[]) {
  const col = (f: (g: GroupRow) => string | number | null) => pgArray(rows.map(f));
  const at = (d: Date | null) => d?.toISOString() ?? null;
  return sql`
    INSERT INTO groups (id, activity_id, number, status, seed_hex, commitment, price_fen, group_size, winners, config, seats_taken, opened_at, expires_at, filled_at)
    SELECT * FROM unnest(${col((g) => g.id)}::uuid[], ${col((g) => g.activityId)}::uuid[], ${col((g) => g.number)}::int[], ${col((g) => g.status)}::text[],
                         ${col((g) => g.seedHex)}::text[], ${col((g) => g.commitment)}::text[], ${col((g) => g.priceFen)}::bigint[], ${col((g) => g.groupSize)}::int[],
                         ${col((g) => g.winners)}::int[], ${col((g) => JSON.stringify(g.config))}::jsonb[], ${col((g) => g.seatsTaken)}::int[],
                         ${col((g) => at(g.openedAt))}::timestamptz[], ${col((g) => at(g.expiresAt))}::timestamptz[], ${col((g) => at(g.filledAt))}::timestamptz[])`;
}

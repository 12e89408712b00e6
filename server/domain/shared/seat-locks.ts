import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";

/*
 * The advisory locks that order writers of seats across areas: joins, the timeout job, operator edits
 * of an activity, and the gateway capture that pays for a seat.
 */

/** The queue of an activity's seats: joins and the timeout job take it before touching the open group. */
export async function lockActivitySeats(tx: DbOrTx, activityId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"activity-seats:" + activityId}, 0))`);
}

/**
 * Per-user join locks, all in one statement and in one global order (so batches cannot deadlock). The
 * gateway's capture takes its shopper's before crediting the cash the seat is paid from, so it never
 * holds that cash row while waiting for a batch that holds the seat lock.
 */
export async function lockJoiningUsers(tx: DbOrTx, userIds: string[]): Promise<void> {
  const keys = [...new Set(userIds)].sort().map((id) => `join-user:${id}`);
  if (keys.length === 0) return;
  await tx.execute(sql`
    SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
    FROM unnest(${pgArray(keys)}::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n`);
}

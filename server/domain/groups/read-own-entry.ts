import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { JoinResult } from "./join-activity";
import { joinResultOf } from "./read-join-batch";

/**
 * The shopper's own join made with this entry id, as the join would have answered it, or null when
 * there is none (yet): what the room asks when a join's answer was lost (a timeout, a network error,
 * JOIN_OUTCOME_UNKNOWN) before it offers to try again. Another shopper's entry reads as null.
 */
export async function readOwnEntry(db: DbOrTx, userId: string, entryId: string): Promise<JoinResult | null> {
  const [row] = await db.execute<{ id: string; group_id: string; seat: number; group_size: number }>(sql`
    SELECT e.id, e.group_id, e.seat, g.group_size
    FROM entries e JOIN groups g ON g.id = e.group_id
    WHERE e.id = ${entryId} AND e.user_id = ${userId}`);
  return row ? joinResultOf(row) : null;
}

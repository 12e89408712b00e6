import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { pgArray } from "@/db/pg-array";

/** The PostgreSQL channel every app instance LISTENs on to push seat maps and results over SSE. */
export const GROUP_EVENTS_CHANNEL = "group_events";

export type GroupEvent =
  | { type: "seat"; activityId: string; groupId: string; seat: number; seatsTaken: number }
  | { type: "filled"; activityId: string; groupId: string; nextGroupId: string }
  | { type: "drawn" | "dissolved"; activityId: string; groupId: string };

/** Queued in the transaction; PostgreSQL delivers it only if that transaction commits. */
export async function publishGroupEvent(tx: DbOrTx, event: GroupEvent): Promise<void> {
  await tx.execute(groupEventsNotify([event]));
}

/** The SELECT that queues several events, delivered in this order on commit (a statement of its own, or the tail of a larger one). */
export function groupEventsNotify(events: GroupEvent[]): SQL {
  return sql`
    SELECT pg_notify(${GROUP_EVENTS_CHANNEL}, e)
    FROM unnest(${pgArray(events.map((e) => JSON.stringify(e)))}::text[]) WITH ORDINALITY AS x(e, n) ORDER BY n`;
}

export interface Notice {
  userId: string;
  kind: string;
  refId: string;
  payload: Record<string, unknown>;
}

/** One in-app notification per (user, kind, reference): retries add nothing. */
export async function notifyUsers(tx: DbOrTx, clock: Clock, items: Notice[]): Promise<void> {
  if (items.length === 0) return;
  await tx.execute(notificationsInsert(items, clock.now()));
}

/** The INSERT behind notifyUsers (a statement of its own, or part of a larger one). */
export function notificationsInsert(items: Notice[], now: Date): SQL {
  return sql`
    INSERT INTO notifications (user_id, kind, dedupe_key, payload, created_at)
    SELECT n.user_id, n.kind, ${dedupeKey(sql`n.kind`, sql`n.ref`, sql`n.user_id::text`)}, n.payload, ${now.toISOString()}::timestamptz
    FROM unnest(${pgArray(items.map((i) => i.userId))}::uuid[], ${pgArray(items.map((i) => i.kind))}::text[],
                ${pgArray(items.map((i) => i.refId))}::text[], ${pgArray(items.map((i) => JSON.stringify(i.payload)))}::jsonb[])
         AS n(user_id, kind, ref, payload)
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * "Your group is full" (`group.filled`) for everyone seated in these groups, the seats of earlier
 * batches too: read and written in one statement.
 */
export function groupFilledNotices(groupIds: string[], activityName: string, now: Date): SQL {
  return sql`
    INSERT INTO notifications (user_id, kind, dedupe_key, payload, created_at)
    SELECT DISTINCT e.user_id, 'group.filled', ${dedupeKey(sql`'group.filled'`, sql`e.group_id::text`, sql`e.user_id::text`)},
           jsonb_build_object('groupId', e.group_id, 'activityName', ${activityName}::text), ${now.toISOString()}::timestamptz
    FROM entries e WHERE e.group_id = ANY(${pgArray(groupIds)}::uuid[])
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** One notification per (kind, reference, user): the key every writer derives, so a retry adds nothing. */
function dedupeKey(kind: SQL, ref: SQL, userId: SQL): SQL {
  return sql`${kind} || ':' || ${ref} || ':' || ${userId}`;
}

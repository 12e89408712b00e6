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
    SELECT n.user_id, n.kind, n.dedupe_key, n.payload, ${now.toISOString()}::timestamptz
    FROM unnest(${pgArray(items.map((i) => i.userId))}::uuid[], ${pgArray(items.map((i) => i.kind))}::text[],
                ${pgArray(items.map((i) => `${i.kind}:${i.refId}:${i.userId}`))}::text[], ${pgArray(items.map((i) => JSON.stringify(i.payload)))}::jsonb[])
         AS n(user_id, kind, dedupe_key, payload)
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

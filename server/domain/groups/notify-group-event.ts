import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";
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
  await publishGroupEvents(tx, [event]);
}

/** Several events in one statement, delivered in this order on commit. */
export async function publishGroupEvents(tx: DbOrTx, events: GroupEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(sql`
    SELECT pg_notify(${GROUP_EVENTS_CHANNEL}, e)
    FROM unnest(${pgArray(events.map((e) => JSON.stringify(e)))}::text[]) WITH ORDINALITY AS x(e, n) ORDER BY n`);
}

/** One in-app notification per (user, kind, reference): retries add nothing. */
export async function notifyUsers(
  tx: DbOrTx,
  clock: Clock,
  items: { userId: string; kind: string; refId: string; payload: Record<string, unknown> }[],
): Promise<void> {
  if (items.length === 0) return;
  await tx
    .insert(notifications)
    .values(items.map((i) => ({ userId: i.userId, kind: i.kind, dedupeKey: `${i.kind}:${i.refId}:${i.userId}`, payload: i.payload, createdAt: clock.now() })))
    .onConflictDoNothing();
}

import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";
import type { Clock } from "../shared/clock";

/** The PostgreSQL channel every app instance LISTENs on to push seat maps and results over SSE. */
export const GROUP_EVENTS_CHANNEL = "group_events";

export type GroupEvent =
  | { type: "seat"; activityId: string; groupId: string; seat: number; seatsTaken: number }
  | { type: "filled"; activityId: string; groupId: string; nextGroupId: string }
  | { type: "drawn" | "dissolved"; activityId: string; groupId: string };

/** Queued in the transaction; PostgreSQL delivers it only if that transaction commits. */
export async function publishGroupEvent(tx: DbOrTx, event: GroupEvent): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${GROUP_EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
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

import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications } from "@/db/schema";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

/** The user's in-app notifications (fill, result, refund), newest first, and how many are unread. */
export async function listNotifications(tx: DbOrTx, input: { userId: string; cursor?: string; limit: number }) {
  const rows = await tx
    .select({ id: notifications.id, kind: notifications.kind, payload: notifications.payload, readAt: notifications.readAt, createdAt: notifications.createdAt })
    .from(notifications)
    .where(and(eq(notifications.userId, input.userId), cursorBefore(input.cursor, notifications.createdAt, notifications.id)))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit + 1);
  const [unread] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(notifications)
    .where(and(eq(notifications.userId, input.userId), isNull(notifications.readAt)));
  return { ...keysetPage(rows, input.limit), unread: unread?.n ?? 0 };
}

/** Marks all of the user's notifications read (scoped to them: another user's ids do nothing). */
export async function markNotificationsRead(tx: DbOrTx, userId: string, now: Date): Promise<void> {
  await tx.update(notifications).set({ readAt: now }).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

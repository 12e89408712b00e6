import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, groups } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { lockActivitySeats } from "../shared/seat-locks";
import { openGroup } from "../groups/open-group";

export type StatusAction = "pause" | "resume" | "end";
type Status = (typeof activities.$inferSelect)["status"];

const TARGET: Record<StatusAction, Status> = { pause: "paused", resume: "active", end: "ended" };

/**
 * Pause, resume or end an activity. Paused and ended activities take no joins; the open group keeps
 * its seats and its deadline, and if it does not fill it is dissolved and refunded by the timeout
 * job like any other (nobody's money waits on an operator). Ended is final. Asking for the status
 * the activity already has changes nothing and writes no audit row, so a double click is harmless.
 */
export async function setActivityStatus(tx: DbOrTx, clock: Clock, actor: Actor, input: { activityId: string; action: StatusAction }): Promise<{ id: string; status: Status; changed: boolean }> {
  await lockActivitySeats(tx, input.activityId);
  const [row] = await tx.execute<{ status: Status }>(sql`SELECT status FROM activities WHERE id = ${input.activityId} FOR UPDATE`);
  if (!row) throw new DomainError("NOT_FOUND");
  const target = TARGET[input.action];
  if (row.status === target) return { id: input.activityId, status: row.status, changed: false };
  if (row.status === "ended") throw new DomainError("ACTIVITY_ENDED");

  const now = clock.now();
  const [activity] = await tx.update(activities).set({ status: target, updatedAt: now }).where(eq(activities.id, input.activityId)).returning();
  if (!activity) throw new DomainError("NOT_FOUND");
  // A group that timed out while paused was dissolved without a successor: resuming opens one, so
  // shoppers see a seat map and a commitment at once.
  if (target === "active") {
    const [open] = await tx.select({ id: groups.id }).from(groups).where(and(eq(groups.activityId, activity.id), eq(groups.status, "open")));
    if (!open) await openGroup(tx, clock, activity);
  }
  await recordAudit(tx, clock, actor, { action: `activity.${input.action}`, targetType: "activity", targetId: input.activityId, before: { status: row.status }, after: { status: target } });
  return { id: input.activityId, status: target, changed: true };
}

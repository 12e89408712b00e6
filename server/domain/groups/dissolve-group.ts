import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { entries, groups } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { postTransfers } from "../ledger";
import { notifyUsers, publishGroupEvent } from "./notify-group-event";

/**
 * Dissolves a group (timeout, or a draw conflict under policy `dissolve`): every entry is refunded
 * in full, no rewards, no counters change, and the seed is revealed. The caller holds the group's lock.
 */
export async function dissolveGroup(tx: DbOrTx, clock: Clock, group: { id: string; activityId: string }, reason: "timeout" | "conflict"): Promise<void> {
  const rows = await tx.select({ id: entries.id, userId: entries.userId, priceFen: entries.priceFen }).from(entries).where(eq(entries.groupId, group.id));
  await postTransfers(
    tx,
    clock,
    rows.map((e) => ({ key: `entry:${e.id}:refund`, asset: "cash" as const, from: { platform: "group_escrow" as const }, to: { userId: e.userId }, amount: e.priceFen, reason: `group.dissolved.${reason}`, ref: { type: "entry", id: e.id } })),
  );
  await tx.execute(sql`UPDATE entries SET outcome = 'refunded' WHERE group_id = ${group.id}`);
  await tx.update(groups).set({ status: "dissolved", closedAt: clock.now(), closeReason: reason }).where(eq(groups.id, group.id));
  await notifyUsers(tx, clock, rows.map((e) => ({ userId: e.userId, kind: "group.dissolved", refId: group.id, payload: { groupId: group.id, reason, refundFen: e.priceFen } })));
  await publishGroupEvent(tx, { type: "dissolved", activityId: group.activityId, groupId: group.id });
}

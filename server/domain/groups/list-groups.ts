import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, groups, GROUP_STATUSES } from "@/db/schema";
import { cursorBefore, encodeCursor } from "../shared/keyset-cursor";

type GroupStatus = (typeof GROUP_STATUSES)[number];

export interface AdminGroupRow {
  id: string;
  activityId: string;
  activityName: string;
  number: number;
  status: GroupStatus;
  priceFen: number;
  groupSize: number;
  winners: number;
  seatsTaken: number;
  /** Winning entries in seat order, once drawn. */
  winnerEntries: { seat: number; userId: string; name: string }[];
  openedAt: Date;
  filledAt: Date | null;
  closedAt: Date | null;
  expiresAt: Date;
  closeReason: string | null;
  commitment: string;
  /** The public proof anyone can check (spec §3 step 7). */
  proofUrl: string;
}

/**
 * Groups for the console, one activity's or all, newest opened first, keyset-paged by
 * (opened_at, id): state, seats taken, winners, open/close times and the link to the public proof.
 */
export async function listGroups(tx: DbOrTx, input: { activityId?: string; status?: GroupStatus; cursor?: string; limit: number }): Promise<{ items: AdminGroupRow[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (input.activityId) where.push(eq(groups.activityId, input.activityId));
  if (input.status) where.push(eq(groups.status, input.status));
  const after = cursorBefore(input.cursor, groups.openedAt, groups.id);
  if (after) where.push(after);
  const rows = await tx
    .select({
      id: groups.id,
      activityId: groups.activityId,
      activityName: activities.name,
      number: groups.number,
      status: groups.status,
      priceFen: groups.priceFen,
      groupSize: groups.groupSize,
      winners: groups.winners,
      seatsTaken: groups.seatsTaken,
      winnerEntries: sql<{ seat: number; userId: string; name: string }[] | null>`(
        SELECT json_agg(json_build_object('seat', e.seat, 'userId', e.user_id, 'name', u.display_name) ORDER BY e.seat)
        FROM entries e JOIN users u ON u.id = e.user_id
        WHERE e.group_id = ${groups.id} AND e.outcome = 'won')`,
      openedAt: groups.openedAt,
      filledAt: groups.filledAt,
      closedAt: groups.closedAt,
      expiresAt: groups.expiresAt,
      closeReason: groups.closeReason,
      commitment: groups.commitment,
    })
    .from(groups)
    .innerJoin(activities, eq(activities.id, groups.activityId))
    .where(and(...where))
    .orderBy(desc(groups.openedAt), desc(groups.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((r) => ({ ...r, winnerEntries: r.winnerEntries ?? [], proofUrl: `/api/groups/${r.id}/proof` }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor({ createdAt: last.openedAt, id: last.id }) : null };
}

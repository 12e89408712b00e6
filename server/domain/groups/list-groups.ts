import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, groups, GROUP_STATUSES } from "@/db/schema";
import { DomainError } from "../shared/errors";

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
  /** Seats taken, counted from the group's entries: a dissolved group keeps them (refunded), so it shows how full it got. */
  seatsTaken: number;
  /** What a dissolved group gave back (every entry in full); 0 otherwise. */
  refundedFen: number;
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
 * Groups for the console, one activity's or all, newest opened first and by group number: groups
 * opened in one join batch share their opened_at, and the number, not a random id, breaks that tie
 * (within an activity numbers rise with opened_at, so one activity's list is by number, highest
 * first). Keyset-paged by (opened_at, activity, number), which is unique. Each row: state (and why a
 * dissolved group closed), the seats taken (for a dissolved group, before it dissolved) and what it
 * refunded, winners, open/close times and the link to the public proof.
 */
export async function listGroups(tx: DbOrTx, input: { activityId?: string; status?: GroupStatus; cursor?: string; limit: number }): Promise<{ items: AdminGroupRow[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (input.activityId) where.push(eq(groups.activityId, input.activityId));
  if (input.status) where.push(eq(groups.status, input.status));
  const after = groupCursorBefore(input.cursor);
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
      seatsTaken: sql<number>`(SELECT count(*) FROM entries e WHERE e.group_id = ${groups.id})`.mapWith(Number),
      refundedFen: sql<number>`(SELECT coalesce(sum(e.price_fen), 0) FROM entries e WHERE e.group_id = ${groups.id} AND e.outcome = 'refunded')`.mapWith(Number),
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
    .orderBy(desc(groups.openedAt), desc(groups.activityId), desc(groups.number))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((r) => ({ ...r, winnerEntries: r.winnerEntries ?? [], proofUrl: `/api/groups/${r.id}/proof` }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? `${last.openedAt.toISOString()}|${last.activityId}|${last.number}` : null };
}

/** The rows after "<opened_at iso>|<activity id>|<number>" in the list's order. */
function groupCursorBefore(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const [iso, activityId, number] = cursor.split("|");
  const at = new Date(iso ?? "");
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(activityId ?? "") || !/^\d{1,9}$/.test(number ?? "")) throw new DomainError("BAD_INPUT", { field: "cursor" });
  return sql`(${groups.openedAt}, ${groups.activityId}, ${groups.number}) < (${at.toISOString()}::timestamptz, ${activityId}::uuid, ${Number(number)}::int)`;
}

import { and, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems, entries, groups, users } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { businessDay } from "../shared/business-day";
import { postTransfers } from "../ledger";
import { ActivityConfigSchema } from "../activities/activity-config";
import { openGroup } from "./open-group";
import { dissolveGroup } from "./dissolve-group";
import { notifyUsers, publishGroupEvent } from "./notify-group-event";
import { grantPromoterDays } from "./promoter-validity";

export interface JoinResult {
  entryId: string;
  groupId: string;
  seat: number;
  /** True when this join took the last seat: the group must now be drawn (drawPendingGroups). */
  filled: boolean;
}

/**
 * 参团 (spec §2): pay P from cash and take the next seat of the activity's single open group, in one
 * transaction. The price comes from the group, never from the client. `entryId` is made by the
 * client once per tap, so a double click or a retry returns the first join and charges once.
 *
 * Seats are handed out under the open group's row lock (claimed last, after the payment), so
 * concurrent joins get consecutive seats with no gap and no duplicate. The join that takes seat N
 * marks the group full and opens the next one; the draw runs right after commit (drawPendingGroups).
 */
export async function joinActivity(
  tx: DbOrTx,
  clock: Clock,
  input: { userId: string; activityId: string; itemId: string; entryId: string },
): Promise<JoinResult> {
  const now = clock.now();
  const [user] = await tx.select({ role: users.role, frozen: users.frozen }).from(users).where(eq(users.id, input.userId));
  if (!user) throw new DomainError("NOT_FOUND");
  if (user.role !== "shopper") throw new DomainError("STAFF_CANNOT_JOIN");
  if (user.frozen) throw new DomainError("ACCOUNT_FROZEN");

  const [previous] = await tx.select().from(entries).where(eq(entries.id, input.entryId));
  if (previous) return sameJoin(tx, previous, input.userId);

  const [activity] = await tx.select().from(activities).where(eq(activities.id, input.activityId));
  if (!activity) throw new DomainError("NOT_FOUND");
  if (activity.status !== "active" || activity.opensAt > now || (activity.closesAt && activity.closesAt <= now)) throw new DomainError("ACTIVITY_NOT_OPEN");
  const [item] = await tx
    .select({ id: activityItems.id })
    .from(activityItems)
    .where(and(eq(activityItems.id, input.itemId), eq(activityItems.activityId, activity.id), eq(activityItems.active, true)));
  if (!item) throw new DomainError("ITEM_NOT_IN_ACTIVITY");

  // Rule 1 and 2 need "first of the day / ever" across the platform: one join per user at a time.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"join-user:" + input.userId}, 0))`);
  const day = businessDay(now);
  const [history] = await tx.execute<{ ever: boolean; today: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM entries WHERE user_id = ${input.userId}) AS ever,
           EXISTS (SELECT 1 FROM entries WHERE user_id = ${input.userId} AND business_day = ${day}) AS today`);

  const { group, settings } = await lockOpenGroup(tx, clock, activity.id);
  const paid = await postTransfers(tx, clock, [
    { key: `join:${input.entryId}:pay`, asset: "cash", from: { userId: input.userId }, to: { platform: "group_escrow" }, amount: group.priceFen, reason: "join.pay", ref: { type: "entry", id: input.entryId } },
  ]);
  if (paid.replayed) {
    // The same tap, committed by a concurrent request while this one waited on its payment key.
    const [first] = await tx.select().from(entries).where(eq(entries.id, input.entryId));
    if (!first) throw new DomainError("CONFLICT");
    return sameJoin(tx, first, input.userId);
  }

  const config = ActivityConfigSchema.parse(group.config);
  const [mine] = await tx.select({ n: count() }).from(entries).where(and(eq(entries.groupId, group.id), eq(entries.userId, input.userId)));
  if ((mine?.n ?? 0) >= config.seatsPerUser) throw new DomainError("SEATS_PER_USER_REACHED", { max: config.seatsPerUser });

  const seat = group.seatsTaken + 1;
  await tx.insert(entries).values({
    id: input.entryId,
    groupId: group.id,
    activityId: activity.id,
    userId: input.userId,
    itemId: item.id,
    seat,
    priceFen: group.priceFen,
    firstOfDay: !history?.today,
    firstEver: !history?.ever,
    businessDay: day,
    createdAt: now,
  });
  await grantPromoterDays(tx, clock, input.userId, (history?.ever ? 0 : 1) + (history?.today ? 0 : 1));
  const filled = seat === group.groupSize;
  await tx.update(groups).set({ seatsTaken: seat, ...(filled ? { status: "full" as const, filledAt: now } : {}) }).where(eq(groups.id, group.id));
  await publishGroupEvent(tx, { type: "seat", activityId: activity.id, groupId: group.id, seat, seatsTaken: seat });
  if (filled) {
    const next = await openGroup(tx, clock, settings);
    const seated = await tx.selectDistinct({ userId: entries.userId }).from(entries).where(eq(entries.groupId, group.id));
    await notifyUsers(tx, clock, seated.map((s) => ({ userId: s.userId, kind: "group.filled", refId: group.id, payload: { groupId: group.id, activityName: activity.name } })));
    await publishGroupEvent(tx, { type: "filled", activityId: activity.id, groupId: group.id, nextGroupId: next.id });
  }
  return { entryId: input.entryId, groupId: group.id, seat, filled };
}

/** The queue of an activity's seats: joins and the timeout job take it before touching the open group. */
export async function lockActivitySeats(tx: DbOrTx, activityId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${"activity-seats:" + activityId}, 0))`);
}

async function sameJoin(tx: DbOrTx, previous: typeof entries.$inferSelect, userId: string): Promise<JoinResult> {
  if (previous.userId !== userId) throw new DomainError("CONFLICT");
  const [group] = await tx.select({ groupSize: groups.groupSize }).from(groups).where(eq(groups.id, previous.groupId));
  // A retry of the join that took the last seat says so, so the caller still triggers the draw.
  return { entryId: previous.id, groupId: previous.groupId, seat: previous.seat, filled: previous.seat === group?.groupSize };
}

/**
 * The activity's open group, locked. Joins of one activity queue on an advisory lock first, so the
 * SELECT after it always sees the group the previous join opened (READ COMMITTED takes a new
 * snapshot per statement). One that has timed out is dissolved here (under the row lock the timeout
 * job takes too, so a timeout and a last join cannot both win) and a fresh one opened.
 */
async function lockOpenGroup(tx: DbOrTx, clock: Clock, activityId: string) {
  await lockActivitySeats(tx, activityId);
  // Re-read under the lock: an operator's edit (which takes the same lock) must reach the next group.
  const [settings] = await tx.select().from(activities).where(eq(activities.id, activityId));
  if (!settings) throw new DomainError("NOT_FOUND");
  const [open] = await tx.execute<{ id: string }>(sql`SELECT id FROM groups WHERE activity_id = ${activityId} AND status = 'open' FOR UPDATE`);
  if (open) {
    const [group] = await tx.select().from(groups).where(eq(groups.id, open.id));
    if (group && group.expiresAt > clock.now()) return { group, settings };
    if (group) await dissolveGroup(tx, clock, group, "timeout");
  }
  return { group: await openGroup(tx, clock, settings), settings };
}

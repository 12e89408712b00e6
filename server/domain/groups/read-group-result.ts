import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { isEntryLedgerRow } from "../ledger/entry-ledger-rows";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { activities, activityItems, entries, groups, orders, prizes, users } from "@/db/schema";
import { orderStage } from "../store/order-stage";
import { DomainError } from "../shared/errors";
import { publicPerson } from "../users/public-person";
import { activityImageSql, itemImageSql } from "../shared/item-image";
import { ActivityConfigSchema } from "../shared/activity-config";

/**
 * A group's result page: each seat (masked name, eligibility with its rule, outcome), the winners,
 * the seed once revealed, and the viewer's own rewards as the ledger recorded them.
 */
export async function readGroupResult(tx: DbOrTx, groupId: string, viewerId: string | null) {
  const [row] = await tx
    .select({
      group: groups,
      activityName: activities.name,
      imageUrl: activityImageSql(sql`${activities.id}`),
    })
    .from(groups)
    .innerJoin(activities, eq(activities.id, groups.activityId))
    .where(eq(groups.id, groupId));
  if (!row) throw new DomainError("NOT_FOUND");
  const { group } = row;
  const seats = await tx
    .select({ id: entries.id, seat: entries.seat, userId: entries.userId, displayName: users.displayName, avatarVariant: users.avatarVariant, eligible: entries.eligible, reason: entries.ineligibleReason, outcome: entries.outcome, itemName: activityItems.name, itemKind: activityItems.kind, itemImageUrl: itemImageSql() })
    .from(entries)
    .innerJoin(users, eq(users.id, entries.userId))
    .innerJoin(activityItems, eq(activityItems.id, entries.itemId))
    .where(eq(entries.groupId, groupId))
    .orderBy(entries.seat);
  const mine = seats.filter((s) => s.userId === viewerId);
  const rewards = mine.length
    ? await tx.execute<{ entry_id: string; reason: string; asset: string; amount: string }>(sql`
        SELECT m.id AS entry_id, e.reason, e.asset,
               CASE WHEN a_to.user_id = ${viewerId} THEN e.amount ELSE -e.amount END AS amount
        FROM unnest(${pgArray(mine.map((m) => m.id))}::text[]) AS m(id)
        JOIN ledger_entries e ON ${isEntryLedgerRow(sql`e`, sql`m.id`)}
        JOIN ledger_accounts a_to ON a_to.id = e.to_account_id
        JOIN ledger_accounts a_from ON a_from.id = e.from_account_id
        WHERE a_to.user_id = ${viewerId} OR a_from.user_id = ${viewerId}
        ORDER BY e.id`)
    : [];
  // W-A prizes: a product to ship has no ledger line, so the page reads it from the prizes table,
  // with its order (made right after the draw) and where that order stands.
  const myPrizes = mine.length
    ? await tx
        .select({ entryId: prizes.entryId, kind: prizes.kind, status: prizes.status, itemName: activityItems.name, orderId: orders.id, orderStatus: orders.status, orderAddress: orders.address })
        .from(prizes)
        .innerJoin(activityItems, eq(activityItems.id, prizes.itemId))
        .leftJoin(orders, eq(orders.prizeEntryId, prizes.entryId))
        .where(inArray(prizes.entryId, mine.map((m) => m.id)))
    : [];
  const closed = group.status === "drawn" || group.status === "dissolved";
  return {
    group: {
      id: group.id,
      activityId: group.activityId,
      activityName: row.activityName,
      imageUrl: row.imageUrl,
      number: group.number,
      status: group.status,
      commitment: group.commitment,
      seed: closed ? group.seedHex : null,
      priceFen: group.priceFen,
      groupSize: group.groupSize,
      winners: group.winners,
      policy: ActivityConfigSchema.parse(group.config).conflictPolicy,
      winnerSeats: (group.winnerSeats as number[] | null) ?? [],
      closeReason: group.closeReason,
      closedAt: group.closedAt,
    },
    seats: seats.map((s) => ({
      seat: s.seat,
      ...publicPerson({ id: s.userId, displayName: s.displayName, avatarVariant: s.avatarVariant }),
      eligible: s.eligible,
      reason: s.reason,
      outcome: s.outcome,
      mine: s.userId === viewerId,
      /** The item this seat chose, shown to its owner only. */
      item: s.userId === viewerId ? { name: s.itemName, kind: s.itemKind, imageUrl: s.itemImageUrl } : null,
    })),
    myPrizes: myPrizes.map(({ orderId, orderStatus, orderAddress, ...p }) => ({ ...p, order: orderId && orderStatus ? { id: orderId, stage: orderStage({ status: orderStatus, address: orderAddress }) } : null })),
    myRewards: rewards.map((r) => ({ entryId: r.entry_id, reason: r.reason, asset: r.asset, amount: Number(r.amount) })),
  };
}


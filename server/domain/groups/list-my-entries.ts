import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { isEntryLedgerRow } from "../ledger/entry-ledger-rows";
import type { DbOrTx } from "@/db/client";
import { activities, activityItems, entries, groups } from "@/db/schema";
import { itemImageSql } from "../shared/item-image";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

/** 我的参团: the user's entries, newest first, with their group's state and the outcome. */
export async function listMyEntries(tx: DbOrTx, input: { userId: string; cursor?: string; limit: number }) {
  const rows = await tx
    .select({
      id: entries.id,
      createdAt: entries.createdAt,
      seat: entries.seat,
      priceFen: entries.priceFen,
      outcome: entries.outcome,
      eligible: entries.eligible,
      reason: entries.ineligibleReason,
      groupId: groups.id,
      groupNumber: groups.number,
      groupStatus: groups.status,
      seatsTaken: groups.seatsTaken,
      groupSize: groups.groupSize,
      activityId: activities.id,
      activityName: activities.name,
      itemName: activityItems.name,
      itemKind: activityItems.kind,
      itemImageUrl: itemImageSql(),
      /** Net cash, credit and points the entry brought the user, from the ledger (signed, by asset). */
      rewards: sql<Record<string, number> | null>`(
        SELECT jsonb_object_agg(asset, total) FROM (
          SELECT le.asset, SUM(CASE WHEN ta.user_id = ${input.userId} THEN le.amount ELSE -le.amount END) AS total
          FROM ledger_entries le
          JOIN ledger_accounts ta ON ta.id = le.to_account_id
          JOIN ledger_accounts fa ON fa.id = le.from_account_id
          WHERE ${isEntryLedgerRow(sql`le`, sql`${entries.id}::text`)} AND (ta.user_id = ${input.userId} OR fa.user_id = ${input.userId})
          GROUP BY le.asset) x)`,
    })
    .from(entries)
    .innerJoin(groups, eq(groups.id, entries.groupId))
    .innerJoin(activities, eq(activities.id, entries.activityId))
    .innerJoin(activityItems, eq(activityItems.id, entries.itemId))
    .where(and(eq(entries.userId, input.userId), cursorBefore(input.cursor, entries.createdAt, entries.id)))
    .orderBy(desc(entries.createdAt), desc(entries.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows.map((r) => ({ ...r, rewards: Object.fromEntries(Object.entries(r.rewards ?? {}).map(([k, v]) => [k, Number(v)])) })),
    input.limit,
  );
}

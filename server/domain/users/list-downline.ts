import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

/**
 * Who a user brought in, newest first (keyset-paged): level 1 are those they referred directly, level 2
 * those their level 1 referred (with the level-1 user in between). Depth stops at 2 by design (spec §2).
 */
export async function listDownline(tx: DbOrTx, input: { userId: string; level: 1 | 2; cursor?: string; limit: number }) {
  const via = alias(users, "via");
  const base = tx
    .select({
      id: users.id,
      displayName: users.displayName,
      phone: users.phone,
      referralCode: users.referralCode,
      frozen: users.frozen,
      createdAt: users.createdAt,
      viaName: input.level === 2 ? via.displayName : sql<string | null>`NULL`,
    })
    .from(users);
  const joined =
    input.level === 1
      ? base.where(and(eq(users.referrerId, input.userId), cursorBefore(input.cursor, users.createdAt, users.id)))
      : base.innerJoin(via, eq(via.id, users.referrerId)).where(and(eq(via.referrerId, input.userId), cursorBefore(input.cursor, users.createdAt, users.id)));
  const rows = await joined.orderBy(desc(users.createdAt), desc(users.id)).limit(input.limit + 1);
  return keysetPage(rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })), input.limit);
}

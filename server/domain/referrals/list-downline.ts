import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { maskName } from "../users/mask-name";
import { publicPerson, type PublicPerson } from "../users/public-person";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";
import type { ReferralLevel } from "./referral-kinds";

export interface DownlineMember extends PublicPerson {
  /** Keyset position only (with `joinedAt`); the member's name is shown masked. */
  id: string;
  level: ReferralLevel;
  joinedAt: Date;
  /** For a level-2 member: the level-1 member who invited them (masked). */
  via: string | null;
}

/**
 * Who I invited (level 1) and who they invited (level 2), never deeper: referral depth is 2 by
 * design (spec §2). Scoped to the caller by the query itself: only users whose referrer (or whose
 * referrer's referrer) is `userId`.
 */
export async function countDownline(tx: DbOrTx, userId: string): Promise<{ l1: number; l2: number }> {
  const [row] = await tx.execute<{ l1: string; l2: string }>(sql`
    SELECT (SELECT count(*) FROM users WHERE referrer_id = ${userId}) AS l1,
           (SELECT count(*) FROM users u JOIN users r ON r.id = u.referrer_id WHERE r.referrer_id = ${userId}) AS l2`);
  return { l1: Number(row?.l1 ?? 0), l2: Number(row?.l2 ?? 0) };
}

/** One page of one level, newest member first, keyset-paged by (join time, id). */
export async function listDownline(
  tx: DbOrTx,
  input: { userId: string; level: ReferralLevel; cursor?: string; limit: number },
): Promise<{ items: DownlineMember[]; nextCursor: string | null }> {
  const inviter = alias(users, "inviter");
  const after = cursorBefore(input.cursor, users.createdAt, users.id);
  const columns = { id: users.id, displayName: users.displayName, avatarVariant: users.avatarVariant, createdAt: users.createdAt };
  const rows: { id: string; displayName: string; avatarVariant: number; createdAt: Date; via: string | null }[] =
    input.level === 1
      ? (await tx.select(columns).from(users).where(and(eq(users.referrerId, input.userId), after)).orderBy(desc(users.createdAt), desc(users.id)).limit(input.limit + 1)).map((r) => ({ ...r, via: null }))
      : await tx
          .select({ ...columns, via: inviter.displayName })
          .from(users)
          .innerJoin(inviter, eq(inviter.id, users.referrerId))
          .where(and(eq(inviter.referrerId, input.userId), after))
          .orderBy(desc(users.createdAt), desc(users.id))
          .limit(input.limit + 1);
  const page = keysetPage(rows, input.limit);
  return {
    items: page.items.map((m) => ({ id: m.id, ...publicPerson(m), level: input.level, joinedAt: m.createdAt, via: m.via === null ? null : maskName(m.via) })),
    nextCursor: page.nextCursor,
  };
}

import "server-only";
import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ledgerAccounts, promoterStatus, users } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

export interface UserListFilters {
  /** A mobile number (or part), a user id, an invitation code or a name (or part). */
  query?: string;
  frozen?: boolean;
  /** A valid promoter now (推广员有效期 not over). */
  promoter?: boolean;
  /** Holds something of any asset. */
  hasBalance?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users for the console, newest first (keyset-paged), with their cash balance, promoter validity and freeze. */
export async function listUsers(tx: DbOrTx, now: Date, input: UserListFilters & { cursor?: string; limit: number }) {
  const where: SQL[] = [];
  const query = input.query?.trim();
  if (query) {
    if (UUID.test(query)) where.push(eq(users.id, query.toLowerCase()));
    else {
      const q = `%${query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const match = or(ilike(users.phone, q), ilike(users.displayName, q), ilike(users.referralCode, q));
      if (match) where.push(match);
    }
  }
  if (input.frozen !== undefined) where.push(eq(users.frozen, input.frozen));
  const validPromoter = sql`EXISTS (SELECT 1 FROM promoter_status p WHERE p.user_id = ${users.id} AND p.valid_until > ${now.toISOString()}::timestamptz)`;
  if (input.promoter !== undefined) where.push(input.promoter ? validPromoter : sql`NOT ${validPromoter}`);
  const holds = sql`EXISTS (SELECT 1 FROM ledger_accounts b WHERE b.user_id = ${users.id} AND b.balance > 0)`;
  if (input.hasBalance !== undefined) where.push(input.hasBalance ? holds : sql`NOT ${holds}`);
  const after = cursorBefore(input.cursor, users.createdAt, users.id);
  if (after) where.push(after);
  const rows = await tx
    .select({
      id: users.id,
      phone: users.phone,
      displayName: users.displayName,
      role: users.role,
      referralCode: users.referralCode,
      frozen: users.frozen,
      frozenReason: users.frozenReason,
      createdAt: users.createdAt,
      promoterValidUntil: promoterStatus.validUntil,
      cashFen: sql<number>`COALESCE(${ledgerAccounts.balance}, 0)`.mapWith(Number),
    })
    .from(users)
    .leftJoin(ledgerAccounts, and(eq(ledgerAccounts.userId, users.id), eq(ledgerAccounts.asset, "cash")))
    .leftJoin(promoterStatus, eq(promoterStatus.userId, users.id))
    .where(and(...where))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit + 1);
  return keysetPage(
    rows.map((r) => ({ ...r, phone: maskPhone(r.phone), promoterValid: !!r.promoterValidUntil && r.promoterValidUntil > now })),
    input.limit,
  );
}

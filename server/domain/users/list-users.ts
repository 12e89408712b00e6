import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ledgerAccounts, users } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { cursorBefore, keysetPage } from "../shared/keyset-cursor";

/** Users for the console, newest first, with their cash balance; searchable by number, name or code. */
export async function listUsers(tx: DbOrTx, input: { query?: string; cursor?: string; limit: number }) {
  const where: SQL[] = [];
  if (input.query) {
    const q = `%${input.query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const match = or(ilike(users.phone, q), ilike(users.displayName, q), ilike(users.referralCode, q));
    if (match) where.push(match);
  }
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
      createdAt: users.createdAt,
      cashFen: sql<number>`COALESCE(${ledgerAccounts.balance}, 0)`.mapWith(Number),
    })
    .from(users)
    .leftJoin(ledgerAccounts, and(eq(ledgerAccounts.userId, users.id), eq(ledgerAccounts.asset, "cash")))
    .where(and(...where))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit + 1);
  return keysetPage(rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })), input.limit);
}

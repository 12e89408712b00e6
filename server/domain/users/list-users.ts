import { and, desc, eq, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { ledgerAccounts, users } from "@/db/schema";
import { maskPhone } from "../auth/phone";

/** Users for the console, newest first, with their cash balance; searchable by number, name or code. */
export async function listUsers(tx: DbOrTx, input: { query?: string; before?: Date; limit: number }) {
  const where: SQL[] = [];
  if (input.query) {
    const q = `%${input.query.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const match = or(ilike(users.phone, q), ilike(users.displayName, q), ilike(users.referralCode, q));
    if (match) where.push(match);
  }
  if (input.before) where.push(lt(users.createdAt, input.before));
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
    .orderBy(desc(users.createdAt))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((r) => ({ ...r, phone: maskPhone(r.phone) }));
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.createdAt ?? null) : null };
}

import { and, asc, desc, eq, ilike, like, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { maskPhone } from "../auth/phone";
import { escapeLike } from "../shared/like-pattern";

/** The most rows one search returns: a picker shows a short list, never the user table. */
export const USER_SEARCH_MAX = 20;
/** Digits typed before a search looks at phone numbers (fewer match too many to be useful). */
export const PHONE_SEARCH_MIN_DIGITS = 3;

export interface UserPick {
  id: string;
  displayName: string;
  /** Masked, as everywhere in the console: the name and these digits tell people apart. */
  phone: string;
  frozen: boolean;
}

/** A typed phone number as stored: 11 digits, without spaces, dashes or a +86 prefix. */
function phoneDigits(query: string): string | null {
  const compact = query.replace(/[\s-]/g, "");
  if (!/^\+?\d+$/.test(compact)) return null;
  const digits = compact.replace(/^\+?86(?=\d{11}$)/, "").replace(/^\+/, "");
  return digits.length >= PHONE_SEARCH_MIN_DIGITS ? digits : null;
}

/**
 * Shoppers matching what an operator types in a picker: part of a phone number (3+ digits) or of a
 * name. Best matches first (the whole number, then numbers and names that start with the text),
 * then newest; at most `limit` (≤ USER_SEARCH_MAX) rows.
 */
export async function searchShoppers(tx: DbOrTx, input: { query: string; limit: number }): Promise<UserPick[]> {
  const query = input.query.trim();
  if (!query) return [];
  const limit = Math.min(Math.max(1, Math.floor(input.limit)), USER_SEARCH_MAX);
  const digits = phoneDigits(query);
  const name = escapeLike(query);
  const match = digits ? or(like(users.phone, `%${escapeLike(digits)}%`), ilike(users.displayName, `%${name}%`)) : ilike(users.displayName, `%${name}%`);
  const rank = sql<number>`CASE
    WHEN ${users.phone} = ${digits ?? ""} THEN 0
    WHEN ${digits !== null} AND ${users.phone} LIKE ${`${escapeLike(digits ?? "")}%`} THEN 1
    WHEN lower(${users.displayName}) = lower(${query}) THEN 2
    WHEN ${users.displayName} ILIKE ${`${name}%`} THEN 3
    ELSE 4 END`;
  const rows = await tx
    .select({ id: users.id, displayName: users.displayName, phone: users.phone, frozen: users.frozen })
    .from(users)
    .where(and(eq(users.role, "shopper"), match))
    .orderBy(asc(rank), desc(users.createdAt), desc(users.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, phone: maskPhone(r.phone) }));
}

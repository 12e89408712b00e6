import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import type { Clock } from "../shared/clock";

/**
 * [L1, L2] of a user, each null unless a valid promoter now: who may earn a referral commission on
 * what the user does (store purchases, ad cash-outs). Referral depth is 2 by design (spec §2).
 */
export async function validReferrers(tx: DbOrTx, clock: Clock, userId: string): Promise<[string | null, string | null]> {
  const [chain] = await tx.execute<{ l1: string | null; l2: string | null }>(sql`
    SELECT u.referrer_id AS l1, r.referrer_id AS l2 FROM users u LEFT JOIN users r ON r.id = u.referrer_id WHERE u.id = ${userId}`);
  const ids: [string | null, string | null] = [chain?.l1 ?? null, chain?.l2 ?? null];
  const wanted = ids.filter((x): x is string => x !== null);
  if (wanted.length === 0) return [null, null];
  const valid = new Set(
    (await tx.execute<{ user_id: string }>(sql`
      SELECT user_id FROM promoter_status WHERE user_id = ANY(${pgArray(wanted)}::uuid[]) AND valid_until > ${clock.now().toISOString()}::timestamptz`)).map((r) => r.user_id),
  );
  return [ids[0] && valid.has(ids[0]) ? ids[0] : null, ids[1] && valid.has(ids[1]) ? ids[1] : null];
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pgArray } from "@/db/pg-array";
import { maskName } from "../users/mask-name";
import { PAID_REASONS, type EarningKind, type ReferralLevel } from "./referral-kinds";

/** `paid`: money into my cash. The other stages are a store commission's hold and what became of it. */
export type EarningStage = "paid" | "held" | "released" | "clawedBack";

export interface EarningItem {
  /** The ledger entry's id: the keyset position. */
  id: number;
  kind: EarningKind;
  level: ReferralLevel;
  stage: EarningStage;
  amountFen: number;
  /** Of a held store commission: the part refunds took back so far. */
  clawedBackFen: number;
  /** Of a held store commission: when the hold ends. */
  releaseAt: Date | null;
  /** The downline member whose activity earned it, masked. */
  member: string;
  /** The activity of a drawn entry (referral release). */
  activityName: string | null;
  createdAt: Date;
}

/**
 * My referral earnings history, newest first, keyset-paged by ledger entry id like the wallet: the
 * entries that paid me (releases from my downline's wins, ad cash-out commission, store commission
 * paid out) and the hold entry of each store commission of mine, with its current state.
 */
export async function listReferralEarnings(
  tx: DbOrTx,
  input: { userId: string; beforeId?: number; limit: number },
): Promise<{ items: EarningItem[]; nextCursor: number | null }> {
  const before = input.beforeId ?? Number.MAX_SAFE_INTEGER;
  const rows = await tx.execute<{
    id: string; reason: string; amount: string; ref_type: string; ref_id: string; created_at: string;
    status: string | null; level: number | null; clawed: string; release_at: string | null; member: string | null; activity_name: string | null;
  }>(sql`
    WITH paid AS (
      SELECT e.id, e.reason, e.amount, e.ref_type, e.ref_id, e.created_at, NULL::text AS status, NULL::smallint AS level, 0::bigint AS clawed, NULL::timestamptz AS release_at
      FROM ledger_entries e
      WHERE e.to_account_id = (SELECT id FROM ledger_accounts WHERE user_id = ${input.userId} AND asset = 'cash')
        AND e.reason = ANY(${pgArray(Object.keys(PAID_REASONS))}::text[]) AND e.id < ${before}
      ORDER BY e.id DESC LIMIT ${input.limit + 1}
    ), held AS (
      SELECT e.id, e.reason, e.amount, e.ref_type, e.ref_id, e.created_at, c.status, c.level, c.clawed_back_fen AS clawed, c.release_at
      FROM commissions c JOIN ledger_entries e ON e.idempotency_key = 'order:' || c.order_id || ':commission.L' || c.level || '.hold'
      WHERE c.beneficiary_id = ${input.userId} AND e.id < ${before}
      ORDER BY e.id DESC LIMIT ${input.limit + 1}
    ), page AS (
      SELECT * FROM (SELECT * FROM paid UNION ALL SELECT * FROM held) x ORDER BY id DESC LIMIT ${input.limit + 1}
    )
    SELECT p.*, COALESCE(ue.display_name, ua.display_name, uo.display_name) AS member, a.name AS activity_name
    FROM page p
    LEFT JOIN entries en ON p.ref_type = 'entry' AND en.id = p.ref_id::uuid
    LEFT JOIN users ue ON ue.id = en.user_id
    LEFT JOIN activities a ON a.id = en.activity_id
    LEFT JOIN ad_sets s ON p.ref_type = 'ad_set' AND s.id = p.ref_id::uuid
    LEFT JOIN users ua ON ua.id = s.user_id
    LEFT JOIN orders o ON p.ref_type = 'order' AND o.id = p.ref_id::uuid
    LEFT JOIN users uo ON uo.id = o.user_id
    ORDER BY p.id DESC`);
  const items = rows.slice(0, input.limit).map((r): EarningItem => {
    const paid = PAID_REASONS[r.reason];
    return {
      id: Number(r.id),
      kind: paid?.kind ?? "store",
      level: (paid?.level ?? (Number(r.level) === 2 ? 2 : 1)) as ReferralLevel,
      stage: paid ? "paid" : r.status === "released" ? "released" : r.status === "clawed_back" ? "clawedBack" : "held",
      amountFen: Number(r.amount),
      clawedBackFen: Number(r.clawed),
      releaseAt: r.release_at ? new Date(r.release_at) : null,
      member: maskName(r.member ?? ""),
      activityName: r.activity_name,
      createdAt: new Date(r.created_at),
    };
  });
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.id ?? null) : null };
}

import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Asset, DestinationKind } from "@/db/schema";
import { maskDestination, type MaskedDestination } from "../payouts/destination-format";

export interface UserEntry {
  id: number;
  asset: Asset;
  /** Signed from the user's side: positive arrives, negative leaves. */
  amount: number;
  reason: string;
  refType: string;
  refId: string;
  /**
   * Words that go with the entry: the operator's for a manual adjustment, the reason a withdrawal was
   * rejected or failed; null otherwise.
   */
  note: string | null;
  /** For a failed payout's return: our code for the provider's reason (shown translated instead of `note`). */
  noteCode: string | null;
  /** Where a withdrawal's money goes (masked), on its lines; null otherwise. */
  destination: MaskedDestination | null;
  /**
   * A withdrawal paid out: the held money leaving the platform. The balance moved when it was held
   * (the `withdrawal.hold` line), so this line shows where it went and changes no balance.
   */
  fromHold: boolean;
  createdAt: Date;
}

/**
 * One page of a user's entries, newest first, keyset-paged by entry id, with the payouts of their
 * withdrawals (found by key, `withdrawal:<id>:payout`, from their withdrawals) among them.
 */
export async function listUserEntries(
  tx: DbOrTx,
  input: { userId: string; asset?: Asset; beforeId?: number; limit: number },
): Promise<{ items: UserEntry[]; nextCursor: number | null }> {
  const before = input.beforeId ?? Number.MAX_SAFE_INTEGER;
  const assetFilter = input.asset ? sql`AND asset = ${input.asset}` : sql``;
  const payouts =
    input.asset && input.asset !== "cash"
      ? sql``
      : sql`UNION ALL
      SELECT e.id, e.asset, -e.amount AS amount, e.reason, e.ref_type, e.ref_id, e.created_at, true
        FROM withdrawals wd JOIN ledger_entries e ON e.idempotency_key = ('withdrawal:' || wd.id || ':payout') COLLATE "C"
        WHERE wd.user_id = ${input.userId} AND wd.status = 'paid' AND e.id < ${before}`;
  const rows = await tx.execute<{
    id: string;
    asset: Asset;
    amount: string;
    reason: string;
    ref_type: string;
    ref_id: string;
    from_hold: boolean;
    note: string | null;
    note_code: string | null;
    dest_kind: DestinationKind | null;
    dest_account: string | null;
    dest_bank_code: string | null;
    dest_holder_name: string | null;
    created_at: string;
  }>(sql`
    WITH mine AS (SELECT id FROM ledger_accounts WHERE user_id = ${input.userId} ${assetFilter})
    SELECT x.*,
           COALESCE(m.reason, CASE x.reason WHEN 'withdrawal.returned' THEN w.decision_note WHEN 'withdrawal.failed' THEN w.failure_reason END) AS note,
           CASE WHEN x.reason = 'withdrawal.failed' THEN w.failure_code END AS note_code,
           d.kind AS dest_kind, d.account AS dest_account, d.bank_code AS dest_bank_code, d.holder_name AS dest_holder_name
    FROM (
      SELECT e.id, e.asset, -e.amount AS amount, e.reason, e.ref_type, e.ref_id, e.created_at, false AS from_hold
        FROM ledger_entries e WHERE e.from_account_id IN (SELECT id FROM mine) AND e.id < ${before}
      UNION ALL
      SELECT e.id, e.asset, e.amount, e.reason, e.ref_type, e.ref_id, e.created_at, false
        FROM ledger_entries e WHERE e.to_account_id IN (SELECT id FROM mine) AND e.id < ${before}
      ${payouts}
    ) x
    LEFT JOIN manual_adjustments m ON m.id = CASE WHEN x.ref_type = 'manual_adjustment' THEN x.ref_id::uuid END
    LEFT JOIN withdrawals w ON w.id = CASE WHEN x.ref_type = 'withdrawal' THEN x.ref_id::uuid END
    LEFT JOIN payout_destinations d ON d.id = w.destination_id
    ORDER BY x.id DESC LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit).map((r) => ({
    id: Number(r.id),
    asset: r.asset,
    amount: Number(r.amount),
    reason: r.reason,
    refType: r.ref_type,
    refId: r.ref_id,
    note: r.note,
    noteCode: r.note_code,
    destination:
      r.dest_kind && r.dest_account && r.dest_holder_name ? maskDestination({ kind: r.dest_kind, account: r.dest_account, bankCode: r.dest_bank_code, holderName: r.dest_holder_name }) : null,
    fromHold: r.from_hold,
    createdAt: new Date(r.created_at),
  }));
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.id ?? null) : null };
}

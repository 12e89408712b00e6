import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { settlementPayoutBatches, settlementPayouts, settlementRuns, type SettlementJob } from "@/db/schema";
import { DomainError } from "../shared/errors";
import { maskPhone } from "../auth/phone";
import type { SettlementRun } from "./run-settlement-job";

/** Runs, newest first, keyset-paged by id. */
export async function listSettlementRuns(
  tx: DbOrTx,
  input: { job?: SettlementJob; beforeId?: number; limit: number },
): Promise<{ items: SettlementRun[]; nextCursor: number | null }> {
  const rows = await tx
    .select()
    .from(settlementRuns)
    .where(and(input.job ? eq(settlementRuns.job, input.job) : undefined, input.beforeId ? lt(settlementRuns.id, input.beforeId) : undefined))
    .orderBy(desc(settlementRuns.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.id ?? null) : null };
}

export async function readSettlementRun(tx: DbOrTx, runId: number): Promise<SettlementRun> {
  const [row] = await tx.select().from(settlementRuns).where(eq(settlementRuns.id, runId));
  if (!row) throw new DomainError("NOT_FOUND");
  return row;
}

export interface RunPayout {
  userId: string;
  displayName: string | null;
  phone: string | null;
  basis: number;
  amountFen: number;
}

type PayoutRow = { user_id: string; display_name: string | null; phone: string | null; basis: string; amount_fen: string };

const toPayout = (r: PayoutRow): RunPayout => ({
  userId: r.user_id,
  displayName: r.display_name,
  phone: r.phone ? maskPhone(r.phone) : null,
  basis: Number(r.basis),
  amountFen: Number(r.amount_fen),
});

/**
 * One page of a run's per-user payouts after `cursor` (null: the first page). A static release keeps
 * them in batches, one per chunk (settlement_payout_batches), paged by chunk and position with a
 * cursor `<firstAccountId>:<position>`; every other job in settlement_payouts, in user-id order with
 * the last user id as the cursor.
 */
export async function listRunPayouts(
  tx: DbOrTx,
  input: { runId: number; cursor?: string; limit: number },
): Promise<{ items: RunPayout[]; nextCursor: string | null }> {
  const run = await readSettlementRun(tx, input.runId);
  return run.job === "static-release" ? listBatchedPayouts(tx, input) : listPayoutRows(tx, input);
}

async function listPayoutRows(tx: DbOrTx, input: { runId: number; cursor?: string; limit: number }): Promise<{ items: RunPayout[]; nextCursor: string | null }> {
  if (input.cursor !== undefined && !UUID.test(input.cursor)) throw new DomainError("BAD_INPUT", { field: "cursor" });
  const rows = await tx.execute<PayoutRow>(sql`
    SELECT p.user_id, u.display_name, u.phone, p.basis, p.amount_fen
    FROM ${settlementPayouts} p LEFT JOIN users u ON u.id = p.user_id
    WHERE p.run_id = ${input.runId} ${input.cursor ? sql`AND p.user_id > ${input.cursor}::uuid` : sql``}
    ORDER BY p.user_id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit).map(toPayout);
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.userId ?? null) : null };
}

async function listBatchedPayouts(tx: DbOrTx, input: { runId: number; cursor?: string; limit: number }): Promise<{ items: RunPayout[]; nextCursor: string | null }> {
  const at = input.cursor === undefined ? { batch: -1, pos: 0 } : parseBatchCursor(input.cursor);
  const batches = await tx.execute<{ first_account_id: string; size: number }>(sql`
    SELECT first_account_id, size FROM ${settlementPayoutBatches}
    WHERE run_id = ${input.runId} AND first_account_id >= ${at.batch} ORDER BY first_account_id`);
  const items: RunPayout[] = [];
  let last = at;
  for (const b of batches) {
    const batch = Number(b.first_account_id);
    const from = batch === at.batch ? at.pos : 0; // positions already shown in this batch
    if (from >= b.size) continue;
    const take = input.limit + 1 - items.length;
    // A slice of the batch's arrays: only the page's elements are unnested.
    const rows = await tx.execute<PayoutRow & { pos: string }>(sql`
      SELECT x.user_id, u.display_name, u.phone, x.basis, x.amount_fen, ${from}::int + x.ord AS pos
      FROM ${settlementPayoutBatches} b,
           unnest(b.user_ids[${from + 1}:${from + take}], b.basis[${from + 1}:${from + take}], b.amounts[${from + 1}:${from + take}]) WITH ORDINALITY AS x(user_id, basis, amount_fen, ord)
           LEFT JOIN users u ON u.id = x.user_id
      WHERE b.run_id = ${input.runId} AND b.first_account_id = ${batch}
      ORDER BY x.ord`);
    for (const r of rows) {
      if (items.length === input.limit) return { items, nextCursor: `${last.batch}:${last.pos}` };
      items.push(toPayout(r));
      last = { batch, pos: Number(r.pos) };
    }
  }
  return { items, nextCursor: null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseBatchCursor(cursor: string): { batch: number; pos: number } {
  const m = /^(\d{1,18}):(\d{1,9})$/.exec(cursor);
  if (!m) throw new DomainError("BAD_INPUT", { field: "cursor" });
  return { batch: Number(m[1]), pos: Number(m[2]) };
}

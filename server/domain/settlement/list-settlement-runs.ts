import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { settlementPayouts, settlementRuns, type SettlementJob } from "@/db/schema";
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

/** One page of a run's per-user payouts, in user-id order (the payouts' primary key), after `afterUserId`. */
export async function listRunPayouts(
  tx: DbOrTx,
  input: { runId: number; afterUserId?: string; limit: number },
): Promise<{ items: RunPayout[]; nextCursor: string | null }> {
  const rows = await tx.execute<{ user_id: string; display_name: string | null; phone: string | null; basis: string; amount_fen: string }>(sql`
    SELECT p.user_id, u.display_name, u.phone, p.basis, p.amount_fen
    FROM ${settlementPayouts} p LEFT JOIN users u ON u.id = p.user_id
    WHERE p.run_id = ${input.runId} ${input.afterUserId ? sql`AND p.user_id > ${input.afterUserId}::uuid` : sql``}
    ORDER BY p.user_id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit).map((r) => ({
    userId: r.user_id,
    displayName: r.display_name,
    phone: r.phone ? maskPhone(r.phone) : null,
    basis: Number(r.basis),
    amountFen: Number(r.amount_fen),
  }));
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.userId ?? null) : null };
}

import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { settlementRuns, type SettlementJob } from "@/db/schema";
import type { Clock } from "../shared/clock";

export type SettlementRun = typeof settlementRuns.$inferSelect;

export interface RunTotals {
  poolFen: number;
  paidFen: number;
  remainderFen: number;
  payees: number;
  entriesPosted: number;
}

export interface RunOutcome {
  run: SettlementRun;
  /** False when the run key had already been paid: nothing was done this time. */
  ranNow: boolean;
}

/**
 * Test seam for crash injection: called between the steps of a run, inside its transaction.
 * Throwing from it is a crash at that point (the transaction rolls back).
 */
export type StepHook = (step: string) => Promise<void> | void;

/**
 * Runs a settlement job once per run key. The run row is created (committed) first so the console
 * sees a running job; the work runs in one transaction holding that row's lock, so a second worker
 * waits and then finds it done, and a crash rolls every payment back with the work (the row stays
 * `running` or `failed` and the next run does it all). Payments inside use keys derived from the
 * run key and user id, so even a lost run row could not pay twice.
 */
export async function runSettlementJob(
  db: Db,
  clock: Clock,
  spec: { job: SettlementJob; runKey: string; period: string; params: Record<string, unknown>; startedBy?: string | null },
  work: (tx: DbOrTx, run: SettlementRun) => Promise<RunTotals>,
): Promise<RunOutcome> {
  await db
    .insert(settlementRuns)
    .values({ job: spec.job, runKey: spec.runKey, period: spec.period, params: spec.params, startedBy: spec.startedBy ?? null, startedAt: clock.now() })
    .onConflictDoNothing({ target: settlementRuns.runKey });
  try {
    return await db.transaction(async (tx) => {
      const [run] = await tx.execute<{ id: string; status: string }>(sql`SELECT id, status FROM settlement_runs WHERE run_key = ${spec.runKey} FOR UPDATE`);
      // A run sorts and hashes up to millions of rows: give this one transaction room to do it in memory.
      await tx.execute(sql`SET LOCAL work_mem = '128MB'`);
      if (!run) throw new Error(`settlement run ${spec.runKey} vanished`);
      if (run.status === "done") return { run: await readRun(tx, spec.runKey), ranNow: false };
      // A retried run keeps its row but takes the parameters of the attempt that pays.
      const [current] = await tx
        .update(settlementRuns)
        .set({ params: spec.params, startedAt: clock.now(), startedBy: spec.startedBy ?? null, error: null })
        .where(sql`${settlementRuns.runKey} = ${spec.runKey}`)
        .returning();
      if (!current) throw new Error(`settlement run ${spec.runKey} vanished`);
      const totals = await work(tx, current);
      const [done] = await tx
        .update(settlementRuns)
        .set({ ...totals, status: "done", finishedAt: clock.now() })
        .where(sql`${settlementRuns.runKey} = ${spec.runKey}`)
        .returning();
      if (!done) throw new Error(`settlement run ${spec.runKey} vanished`);
      return { run: done, ranNow: true };
    });
  } catch (e) {
    const message = e instanceof Error ? e.message.slice(0, 500) : String(e);
    await db.execute(sql`UPDATE settlement_runs SET status = 'failed', error = ${message}, finished_at = ${clock.now().toISOString()}::timestamptz WHERE run_key = ${spec.runKey} AND status <> 'done'`);
    throw e;
  }
}

async function readRun(tx: DbOrTx, runKey: string): Promise<SettlementRun> {
  const [row] = await tx.select().from(settlementRuns).where(sql`${settlementRuns.runKey} = ${runKey}`);
  if (!row) throw new Error(`settlement run ${runKey} vanished`);
  return row;
}

import "server-only";
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

/** What a run's caller records with the outcome, inside the transaction that finished the run or found it done (e.g. the operator's audit row). */
export type OutcomeHook = (tx: DbOrTx, outcome: RunOutcome) => Promise<void>;

interface RunSpec {
  job: SettlementJob;
  runKey: string;
  period: string;
  params: Record<string, unknown>;
  startedBy?: string | null;
  onOutcome?: OutcomeHook;
}

/** Hands the outcome to the spec's hook in the transaction, then returns it. */
async function settled(tx: DbOrTx, spec: RunSpec, outcome: RunOutcome): Promise<RunOutcome> {
  await spec.onOutcome?.(tx, outcome);
  return outcome;
}

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
  spec: RunSpec,
  work: (tx: DbOrTx, run: SettlementRun) => Promise<RunTotals>,
): Promise<RunOutcome> {
  await db
    .insert(settlementRuns)
    .values({ job: spec.job, runKey: spec.runKey, period: spec.period, params: spec.params, startedBy: spec.startedBy ?? null, startedAt: clock.now() })
    .onConflictDoNothing({ target: settlementRuns.runKey });
  try {
    return await db.transaction(async (tx) => {
      await runSettings(tx);
      const [run] = await tx.execute<{ id: string; status: string }>(sql`SELECT id, status FROM settlement_runs WHERE run_key = ${spec.runKey} FOR UPDATE`);
      if (!run) throw new Error(`settlement run ${spec.runKey} vanished`);
      if (run.status === "done") return settled(tx, spec, { run: await readRun(tx, spec.runKey), ranNow: false });
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
      return settled(tx, spec, { run: done, ranNow: true });
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

/** One chunk of a chunked run: what it paid, and where the next chunk starts (null: this was the last). */
export interface ChunkOutcome {
  totals: RunTotals;
  /** The last account id this chunk covered when more may follow; null when it reached the end. */
  resumeAfter: number | null;
}

/**
 * Like runSettlementJob, but the work is a series of chunks, each its own transaction that locks
 * the run row, pays one chunk and records where the next starts (`resume_after`) and what it paid
 * (totals add up), so a run holds the locks of one chunk at a time, never every account's for the
 * whole run. Exactly-once still holds: a chunk commits with its cursor, so a crash rolls back only
 * the chunk it was in and a re-run resumes after the last committed one; two workers take turns
 * on the run row and never pay the same chunk; and the per-user keys would still refuse a second
 * payment. A run pays at one rate: once a chunk has committed, a re-run keeps the run's params.
 * `ranNow` is true for the call that finished the run.
 */
export async function runChunkedSettlementJob(
  db: Db,
  clock: Clock,
  spec: RunSpec,
  chunk: (tx: DbOrTx, run: SettlementRun, resumeAfter: number) => Promise<ChunkOutcome>,
): Promise<RunOutcome> {
  await db
    .insert(settlementRuns)
    .values({ job: spec.job, runKey: spec.runKey, period: spec.period, params: spec.params, startedBy: spec.startedBy ?? null, startedAt: clock.now() })
    .onConflictDoNothing({ target: settlementRuns.runKey });
  try {
    for (;;) {
      const outcome = await db.transaction(async (tx): Promise<RunOutcome | null> => {
        await runSettings(tx);
        const [run] = await tx.execute<{ status: string; resume_after: string | null }>(
          sql`SELECT status, resume_after FROM settlement_runs WHERE run_key = ${spec.runKey} FOR UPDATE`,
        );
        if (!run) throw new Error(`settlement run ${spec.runKey} vanished`);
        if (run.status === "done") return settled(tx, spec, { run: await readRun(tx, spec.runKey), ranNow: false });
        const fresh = run.resume_after === null;
        const [current] = await tx
          .update(settlementRuns)
          .set(fresh ? { params: spec.params, startedAt: clock.now(), startedBy: spec.startedBy ?? null, status: "running", error: null } : { status: "running", error: null })
          .where(sql`${settlementRuns.runKey} = ${spec.runKey}`)
          .returning();
        if (!current) throw new Error(`settlement run ${spec.runKey} vanished`);
        const { totals: t, resumeAfter } = await chunk(tx, current, current.resumeAfter ?? 0);
        const [after] = await tx
          .update(settlementRuns)
          .set({
            poolFen: sql`${settlementRuns.poolFen} + ${t.poolFen}`,
            paidFen: sql`${settlementRuns.paidFen} + ${t.paidFen}`,
            remainderFen: sql`${settlementRuns.remainderFen} + ${t.remainderFen}`,
            payees: sql`${settlementRuns.payees} + ${t.payees}`,
            entriesPosted: sql`${settlementRuns.entriesPosted} + ${t.entriesPosted}`,
            ...(resumeAfter === null ? { status: "done" as const, finishedAt: clock.now() } : { resumeAfter }),
          })
          .where(sql`${settlementRuns.runKey} = ${spec.runKey}`)
          .returning();
        if (!after) throw new Error(`settlement run ${spec.runKey} vanished`);
        return resumeAfter === null ? settled(tx, spec, { run: after, ranNow: true }) : null;
      });
      if (outcome) return outcome;
    }
  } catch (e) {
    const message = e instanceof Error ? e.message.slice(0, 500) : String(e);
    await db.execute(sql`UPDATE settlement_runs SET status = 'failed', error = ${message}, finished_at = ${clock.now().toISOString()}::timestamptz WHERE run_key = ${spec.runKey} AND status <> 'done'`);
    throw e;
  }
}

/**
 * A run's transaction: room to sort and hash up to millions of rows in memory; no JIT, which compiles
 * each of its large-looking statements anew (~10 ms apiece); and no statement timeout (the app's,
 * DB_STATEMENT_TIMEOUT_MS, bounds requests; a run started from the console is a long job, and a second
 * one waits on the run row for the first).
 */
async function runSettings(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`SELECT set_config('work_mem', '128MB', true), set_config('jit', 'off', true), set_config('statement_timeout', '0', true)`);
}

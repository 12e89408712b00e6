import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { businessDayBounds } from "../shared/business-day";
import { DomainError } from "../shared/errors";
import { postTransfersSet } from "../ledger";
import { accountRefKey, resolveAccountIds } from "../ledger/accounts";
import { withIndexProbes } from "../shared/index-probes";
import { runChunkedSettlementJob, type ChunkOutcome, type RunOutcome, type SettlementRun, type OutcomeHook, type StepHook } from "./run-settlement-job";
import { readSettlementSetting, type StaticReleaseSettings } from "./settlement-settings";

export function staticReleaseRunKey(day: string): string {
  return `static-release:${day}`;
}

/** Credit accounts per chunk: each chunk is one transaction holding only its users' credit and cash rows. */
export const STATIC_RELEASE_CHUNK = 100_000;

/**
 * 静态释放 (spec §4) for business day `day`, when switched on: each user's credit balance ×
 * (base + acceleration × the user's drawn entries of that day) basis points, rounded down and capped
 * at the balance, moves credit → credit_issued and rewards_expense → cash. Paid in chunks of credit
 * accounts in id order (runChunkedSettlementJob), each chunk one transaction: it locks the chunk's
 * users' credit and cash rows (ascending id, the order every ledger writer locks in), computes the
 * amounts from the locked balances, posts both legs of exactly those amounts (keys
 * `static-release:<day>:credit|cash:<userId>`) and records them, with the balances they came from, in
 * one settlement_payout_batches row. Returns null when static release is off.
 */
export async function runStaticRelease(
  db: Db,
  clock: Clock,
  input: { day: string; startedBy?: string | null; onStep?: StepHook; onOutcome?: OutcomeHook; settings?: StaticReleaseSettings; chunkSize?: number },
): Promise<RunOutcome | null> {
  const bounds = businessDayBounds(input.day);
  if (!bounds) throw new DomainError("BAD_INPUT", { field: "day" });
  // The rate counts the day's drawn entries: a run before the day is over would freeze a part of it.
  if (clock.now() < bounds.end) throw new DomainError("SETTLEMENT_DAY_NOT_OVER", { day: input.day });
  const settings = input.settings ?? (await readSettlementSetting(db, "staticRelease"));
  if (!settings.enabled) return null;
  const params = { baseBp: settings.baseBp, accelerationBp: settings.accelerationBp };
  const chunkSize = input.chunkSize ?? STATIC_RELEASE_CHUNK;
  return runChunkedSettlementJob(db, clock, { job: "static-release", runKey: staticReleaseRunKey(input.day), period: input.day, params, startedBy: input.startedBy, onOutcome: input.onOutcome }, (tx, run, after) =>
    releaseChunk(tx, clock, run, input.day, { after, size: chunkSize }, input.onStep),
  );
}

async function releaseChunk(tx: DbOrTx, clock: Clock, run: SettlementRun, day: string, chunk: { after: number; size: number }, onStep?: StepHook): Promise<ChunkOutcome> {
  // The run's own params: a resumed run pays its remaining chunks at the rate it started with.
  const rate = run.params as { baseBp: number; accelerationBp: number };
  // balance × (base + acceleration × entries) basis points, rounded down (integer division of
  // non-negative bigints) and capped at the balance; balance × rate stays far below 2^63.
  const releaseOf = (balance: SQL, entries: SQL) =>
    sql`LEAST(${balance}, ${balance} * (${rate.baseBp}::bigint + ${rate.accelerationBp}::bigint * ${entries}) / 10000)`;
  const [bounds] = await tx.execute<{ last: string | null; n: string }>(sql`
    SELECT MAX(id) AS last, COUNT(*) AS n FROM (
      SELECT id FROM ledger_accounts WHERE asset = 'credit' AND user_id IS NOT NULL AND id > ${chunk.after} ORDER BY id LIMIT ${chunk.size}
    ) c`);
  const n = Number(bounds?.n ?? 0);
  if (n === 0 || bounds?.last == null) return { totals: { poolFen: 0, paidFen: 0, remainderFen: 0, payees: 0, entriesPosted: 0 }, resumeAfter: null };
  const last = Number(bounds.last);
  const credit = sql`SELECT id, user_id, balance FROM ledger_accounts WHERE asset = 'credit' AND user_id IS NOT NULL AND id > ${chunk.after} AND id <= ${last}`;
  const platform = await resolveAccountIds(tx, [
    { asset: "credit", ref: { platform: "credit_issued" } },
    { asset: "cash", ref: { platform: "rewards_expense" } },
  ]);
  const creditIssued = platform.get(accountRefKey("credit", { platform: "credit_issued" }));
  const rewardsExpense = platform.get(accountRefKey("cash", { platform: "rewards_expense" }));
  if (creditIssued === undefined || rewardsExpense === undefined) throw new Error("platform accounts missing");

  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS static_release_chunk (user_id uuid, basis bigint, amount bigint, credit_account bigint, cash_account bigint) ON COMMIT DROP`);
  await tx.execute(sql`TRUNCATE static_release_chunk`);
  await withIndexProbes(tx, async () => {
    // Both legs touch the chunk's users' credit and cash rows: lock them all at once in id order,
    // and keep each user's accounts and credit balance as the locks return them (the latest).
    await tx.execute(sql`
      WITH locked AS (
        SELECT a.id, a.user_id, a.asset, a.balance FROM (${credit}) c JOIN ledger_accounts a ON a.user_id = c.user_id AND a.asset IN ('credit', 'cash')
        ORDER BY a.id FOR NO KEY UPDATE OF a
      )
      INSERT INTO static_release_chunk (user_id, basis, amount, credit_account, cash_account)
      SELECT user_id, basis, ${releaseOf(sql`basis`, sql`0`)}, credit_account, cash_account FROM (
        SELECT user_id, MAX(balance) FILTER (WHERE asset = 'credit') AS basis,
               MAX(id) FILTER (WHERE asset = 'credit') AS credit_account, MAX(id) FILTER (WHERE asset = 'cash') AS cash_account
        FROM locked GROUP BY user_id
      ) u`);
    // A user with credit to release but no cash account (rare: joining needs cash) gets one. Rows
    // this inserts are ours until commit; one another writer created meanwhile is locked here too.
    const created = await tx.execute(sql`
      WITH made AS (
        INSERT INTO ledger_accounts (asset, user_id)
        SELECT 'cash', user_id FROM static_release_chunk WHERE cash_account IS NULL AND basis > 0 ORDER BY user_id
        ON CONFLICT DO NOTHING RETURNING 1
      ) SELECT 1 FROM static_release_chunk WHERE cash_account IS NULL AND basis > 0 LIMIT 1`);
    if (created.length > 0) {
      await tx.execute(sql`
        UPDATE static_release_chunk c SET cash_account = a.id
        FROM (
          SELECT a.id, a.user_id FROM ledger_accounts a JOIN static_release_chunk c ON a.user_id = c.user_id AND a.asset = 'cash'
          WHERE c.cash_account IS NULL ORDER BY a.id FOR NO KEY UPDATE OF a
        ) a
        WHERE a.user_id = c.user_id`);
    }
  });
  await onStep?.("locked");
  // Statistics first: the planner then joins the day's entries in one pass rather than probing per user.
  await tx.execute(sql`ANALYZE static_release_chunk`);
  // Users with drawn entries that day release faster (the acceleration); users left without a
  // positive amount are not paid.
  await tx.execute(sql`
    UPDATE static_release_chunk c SET amount = ${releaseOf(sql`c.basis`, sql`n.entries`)}
    FROM (
      SELECT user_id, COUNT(*) AS entries FROM entries
      WHERE business_day = ${day} AND outcome IN ('won', 'lost') AND user_id IN (SELECT user_id FROM static_release_chunk) GROUP BY user_id
    ) n
    WHERE n.user_id = c.user_id`);
  await tx.execute(sql`DELETE FROM static_release_chunk WHERE amount <= 0`);
  await onStep?.("amounts");

  const ref = { type: "settlement_run", id: String(run.id) };
  const key = staticReleaseRunKey(day);
  // Accounts by id (resolved above) and already locked: the writer only inserts, sums and updates.
  const creditLeg = await postTransfersSet(tx, clock, {
    keyPrefix: `${key}:credit:`,
    reason: "settlement.static-release.credit",
    ref,
    asset: "credit",
    resolvedAccounts: true,
    userAccountsLocked: true,
    userLegs: true,
    select: sql`SELECT user_id::text AS key_suffix, credit_account AS from_account_id, ${creditIssued}::bigint AS to_account_id,
      credit_account AS user_account_id, amount FROM static_release_chunk`,
  });
  await onStep?.("credit");
  const cashLeg = await postTransfersSet(tx, clock, {
    keyPrefix: `${key}:cash:`,
    reason: "settlement.static-release.cash",
    ref,
    asset: "cash",
    resolvedAccounts: true,
    userAccountsLocked: true,
    userLegs: true,
    select: sql`SELECT user_id::text AS key_suffix, ${rewardsExpense}::bigint AS from_account_id, cash_account AS to_account_id,
      cash_account AS user_account_id, amount FROM static_release_chunk`,
  });
  await onStep?.("cash");

  // Chunks are disjoint and each commits whole with the run's cursor, so every key of this chunk is
  // new and both legs insert every row. Should a key have been posted already (by hand, or by a run
  // whose row was lost), the legs skip it, paying nothing twice, and the record keeps only the users
  // this run paid: those whose cash entry carries this run's reference.
  const rows = await tx.execute<{ n: string }>(sql`SELECT COUNT(*) AS n FROM static_release_chunk`);
  if (creditLeg.inserted !== Number(rows[0]?.n) || cashLeg.inserted !== Number(rows[0]?.n)) {
    await tx.execute(sql`
      DELETE FROM static_release_chunk c WHERE NOT EXISTS (
        SELECT 1 FROM ledger_entries e WHERE e.idempotency_key = ${`${key}:cash:`} || c.user_id::text AND e.ref_type = ${ref.type} AND e.ref_id = ${ref.id})`);
  }
  // The run's per-user record: one row for the chunk, users in credit-account order (listRunPayouts pages it).
  const [batch] = await tx.execute<{ paid: string | null; payees: string }>(sql`
    WITH b AS (
      INSERT INTO settlement_payout_batches (run_id, first_account_id, size, user_ids, basis, amounts)
      SELECT ${run.id}, ${chunk.after}, COUNT(*), array_agg(user_id), array_agg(basis), array_agg(amount)
      FROM (SELECT user_id, basis, amount FROM static_release_chunk ORDER BY credit_account) c HAVING COUNT(*) > 0
      RETURNING size
    )
    SELECT (SELECT SUM(amount) FROM static_release_chunk) AS paid, COALESCE((SELECT size FROM b), 0) AS payees`);
  await onStep?.("recorded");
  const paidFen = Number(batch?.paid ?? 0);
  const totals = { poolFen: paidFen, paidFen, remainderFen: 0, payees: Number(batch?.payees ?? 0), entriesPosted: creditLeg.inserted + cashLeg.inserted };
  return { totals, resumeAfter: n < chunk.size ? null : last };
}

import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import type { Clock } from "../shared/clock";
import { businessDayBounds } from "../shared/business-day";
import { DomainError } from "../shared/errors";
import { postTransfersSet } from "../ledger";
import { accountRefKey, resolveAccountIds } from "../ledger/accounts";
import { withIndexProbes } from "../ledger/with-index-probes";
import { runChunkedSettlementJob, type ChunkOutcome, type RunOutcome, type SettlementRun, type StepHook } from "./run-settlement-job";
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
 * users' credit and cash rows (ascending id, the order every ledger writer locks in), freezes the
 * amounts from the locked balances in settlement_payouts, and posts both legs of exactly those
 * amounts (keys `static-release:<day>:credit|cash:<userId>`). Returns null when static release is off.
 */
export async function runStaticRelease(
  db: Db,
  clock: Clock,
  input: { day: string; startedBy?: string | null; onStep?: StepHook; settings?: StaticReleaseSettings; chunkSize?: number },
): Promise<RunOutcome | null> {
  const bounds = businessDayBounds(input.day);
  if (!bounds) throw new DomainError("BAD_INPUT", { field: "day" });
  // The rate counts the day's drawn entries: a run before the day is over would freeze a part of it.
  if (clock.now() < bounds.end) throw new DomainError("SETTLEMENT_DAY_NOT_OVER", { day: input.day });
  const settings = input.settings ?? (await readSettlementSetting(db, "staticRelease"));
  if (!settings.enabled) return null;
  const params = { baseBp: settings.baseBp, accelerationBp: settings.accelerationBp };
  const chunkSize = input.chunkSize ?? STATIC_RELEASE_CHUNK;
  return runChunkedSettlementJob(db, clock, { job: "static-release", runKey: staticReleaseRunKey(input.day), period: input.day, params, startedBy: input.startedBy }, (tx, run, after) =>
    releaseChunk(tx, clock, run, input.day, { after, size: chunkSize }, input.onStep),
  );
}

async function releaseChunk(tx: DbOrTx, clock: Clock, run: SettlementRun, day: string, chunk: { after: number; size: number }, onStep?: StepHook): Promise<ChunkOutcome> {
  // The run's own params: a resumed run pays its remaining chunks at the rate it started with.
  const rate = run.params as { baseBp: number; accelerationBp: number };
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

  await withIndexProbes(tx, async () => {
    // Both legs touch the chunk's users' credit and cash rows: lock them all at once in id order.
    await tx.execute(sql`
      SELECT COUNT(*) FROM (
        SELECT a.id FROM (${credit}) c JOIN ledger_accounts a ON a.user_id = c.user_id AND a.asset IN ('credit', 'cash')
        ORDER BY a.id FOR NO KEY UPDATE OF a
      ) locked`);
    // A cash account for every user with credit (balances are locked now); new rows are ours alone.
    await tx.execute(sql`
      INSERT INTO ledger_accounts (asset, user_id)
      SELECT 'cash', c.user_id FROM (${credit}) c
      WHERE c.balance > 0 AND NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.user_id = c.user_id AND a.asset = 'cash')
      ORDER BY c.user_id
      ON CONFLICT DO NOTHING`);
  });
  await onStep?.("locked");
  // The chunk's amounts, frozen from the locked balances into settlement_payouts and kept with the
  // users' account ids in a temporary table both legs read. Integer division of non-negative
  // bigints rounds down; balance × rate stays far below 2^63.
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS static_release_chunk (user_id uuid, amount bigint, credit_account bigint, cash_account bigint) ON COMMIT DROP`);
  await tx.execute(sql`TRUNCATE static_release_chunk`);
  await tx.execute(sql`
    WITH n AS (
      SELECT user_id, COUNT(*) AS entries FROM entries
      WHERE business_day = ${day} AND outcome IN ('won', 'lost') AND user_id IN (SELECT user_id FROM (${credit}) c) GROUP BY user_id
    ), r AS (
      SELECT c.id AS credit_account, c.user_id, c.balance,
             LEAST(c.balance, c.balance * (${rate.baseBp}::bigint + ${rate.accelerationBp}::bigint * COALESCE(n.entries, 0)) / 10000) AS amount
      FROM (${credit}) c LEFT JOIN n ON n.user_id = c.user_id
      WHERE c.balance > 0
    ), frozen AS (
      INSERT INTO settlement_payouts (run_id, user_id, basis, amount_fen)
      SELECT ${run.id}, user_id, balance, amount FROM r WHERE amount > 0
      ON CONFLICT (run_id, user_id) DO NOTHING
      RETURNING user_id, amount_fen
    )
    INSERT INTO static_release_chunk (user_id, amount, credit_account, cash_account)
    SELECT f.user_id, f.amount_fen, r.credit_account, cash.id
    FROM frozen f JOIN r ON r.user_id = f.user_id
    -- LEFT: a payee without a cash account would fail the entry's NOT NULL, never be skipped.
    LEFT JOIN ledger_accounts cash ON cash.user_id = f.user_id AND cash.asset = 'cash'`);
  await tx.execute(sql`ANALYZE static_release_chunk`);
  await onStep?.("payouts");

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
    select: sql`SELECT user_id::text AS key_suffix, ${rewardsExpense}::bigint AS from_account_id, cash_account AS to_account_id,
      cash_account AS user_account_id, amount FROM static_release_chunk`,
  });
  await onStep?.("cash");

  const [paid] = await tx.execute<{ paid: string | null; payees: string }>(sql`SELECT SUM(amount) AS paid, COUNT(*) AS payees FROM static_release_chunk`);
  const paidFen = Number(paid?.paid ?? 0);
  const totals = { poolFen: paidFen, paidFen, remainderFen: 0, payees: Number(paid?.payees ?? 0), entriesPosted: creditLeg.inserted + cashLeg.inserted };
  return { totals, resumeAfter: n < chunk.size ? null : last };
}

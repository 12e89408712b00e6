import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError, pgConstraint } from "../shared/errors";
import { withIndexProbes } from "./with-index-probes";

/**
 * A set of transfers given as SQL: `select` must return the columns
 *   key_suffix text    — unique within the set; the entry's key is keyPrefix || key_suffix
 *   from_user uuid     — or NULL when the payer is the platform account `from_platform`
 *   from_platform text
 *   to_user uuid       — or NULL when the payee is the platform account `to_platform`
 *   to_platform text
 *   amount bigint      — rows with amount <= 0 are skipped
 */
export interface TransferSet {
  keyPrefix: string;
  reason: string;
  ref: { type: string; id: string };
  asset: Asset;
  select: SQL;
  /**
   * `select` names accounts by id instead of by owner: it returns key_suffix, from_account_id,
   * to_account_id, user_account_id (the user side, which orders the inserts) and amount, of
   * accounts that exist (the same-asset trigger checks them). Skips creating and resolving accounts.
   */
  resolvedAccounts?: boolean;
  /**
   * The caller already holds FOR NO KEY UPDATE locks on every user account the set moves, taken
   * in ascending id order (or created them in this transaction): the lock step is skipped.
   */
  userAccountsLocked?: boolean;
}

export interface SetPostResult {
  /** Entries this call inserted (0 on a re-run). */
  inserted: number;
  /** Sum of the inserted amounts. */
  amount: number;
  /** User accounts whose balance moved. */
  accountsMoved: number;
}

/**
 * Posts many transfers from a SQL source in a few statements, in the caller's transaction:
 * 1. creates missing accounts (INSERT … SELECT, sorted, ON CONFLICT DO NOTHING);
 * 2. resolves the rows' accounts into a temporary table (dropped at commit) and inserts the entries
 *    with derived keys: plainly when none was posted before, else ON CONFLICT (idempotency_key) DO
 *    NOTHING; and keeps the net delta per account of the rows actually inserted;
 * 3. locks the touched user accounts in ascending id order (the order postTransfers uses, so the
 *    two cannot deadlock; skipped when the caller holds them: `userAccountsLocked`) and applies the
 *    deltas in one UPDATE … FROM.
 * The joins to ledger_accounts probe its indexes per row of the set (withIndexProbes).
 * A key posted before inserts nothing and moves nothing, so a re-run, or a run resumed after a
 * crash, pays exactly what is missing. Unlike postTransfers, a set may be partly posted already;
 * replayed keys are not compared with the source (the caller freezes amounts before posting).
 * An overdraft fails the CHECK on user balances: INSUFFICIENT_BALANCE, and the caller rolls back.
 */
export async function postTransfersSet(db: DbOrTx, clock: Clock, set: TransferSet): Promise<SetPostResult> {
  // Its own transaction, or a savepoint in the caller's: the temporary table lives on that connection.
  return db.transaction((tx) => post(tx, clock, set));
}

async function post(tx: DbOrTx, clock: Clock, set: TransferSet): Promise<SetPostResult> {
  const { keyPrefix, reason, ref, asset, select } = set;
  const now = clock.now().toISOString();

  if (!set.resolvedAccounts) {
    // Missing accounts first, users and platform accounts apart, each one anti-join over the distinct
    // owners (MATERIALIZED: the planner would otherwise probe once per source row); sorted, so two sets
    // creating the same accounts insert them in one order.
    await tx.execute(sql`
      WITH u AS MATERIALIZED (
        SELECT DISTINCT user_id FROM (
          SELECT from_user AS user_id FROM (${select}) s1 WHERE amount > 0
          UNION ALL SELECT to_user FROM (${select}) s2 WHERE amount > 0
        ) x WHERE user_id IS NOT NULL
      )
      INSERT INTO ledger_accounts (asset, user_id)
      SELECT ${asset}, u.user_id FROM u
      WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.user_id = u.user_id AND a.asset = ${asset})
      ORDER BY u.user_id
      ON CONFLICT DO NOTHING`);
    await tx.execute(sql`
      WITH p AS MATERIALIZED (
        SELECT DISTINCT platform_name FROM (
          SELECT from_platform AS platform_name FROM (${select}) s1 WHERE amount > 0
          UNION ALL SELECT to_platform FROM (${select}) s2 WHERE amount > 0
        ) x WHERE platform_name IS NOT NULL
      )
      INSERT INTO ledger_accounts (asset, platform_name)
      SELECT ${asset}, p.platform_name FROM p
      WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.platform_name = p.platform_name AND a.asset = ${asset})
      ORDER BY p.platform_name
      ON CONFLICT DO NOTHING`);
  }

  // The set's rows with their accounts resolved, once: the insert and the deltas both read them.
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS pts_rows (key_suffix text, amount bigint, from_id bigint, to_id bigint, user_account_id bigint) ON COMMIT DROP`);
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS pts_deltas (account_id bigint, delta bigint, n_out bigint, amount_out bigint) ON COMMIT DROP`);
  await tx.execute(sql`TRUNCATE pts_rows, pts_deltas`);
  const resolved = set.resolvedAccounts
    ? sql`SELECT s.key_suffix, s.amount, s.from_account_id AS from_id, s.to_account_id AS to_id, s.user_account_id FROM (${select}) s WHERE s.amount > 0`
    : sql`
      SELECT s.key_suffix, s.amount, COALESCE(fu.id, fp.id) AS from_id, COALESCE(tu.id, tp.id) AS to_id, COALESCE(tu.id, fu.id) AS user_account_id
      FROM (${select}) s
      LEFT JOIN ledger_accounts fu ON fu.user_id = s.from_user AND fu.asset = ${asset}
      LEFT JOIN ledger_accounts fp ON fp.platform_name = s.from_platform AND fp.asset = ${asset}
      LEFT JOIN ledger_accounts tu ON tu.user_id = s.to_user AND tu.asset = ${asset}
      LEFT JOIN ledger_accounts tp ON tp.platform_name = s.to_platform AND tp.asset = ${asset}
      WHERE s.amount > 0`;
  // Index probes to resolve each row's accounts (withIndexProbes): the set is small next to the ledger.
  await withIndexProbes(tx, () => tx.execute(sql`INSERT INTO pts_rows (key_suffix, amount, from_id, to_id, user_account_id) ${resolved}`));

  const insertEntries = (onConflict: SQL) => sql`
    INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
    SELECT ${keyPrefix} || r.key_suffix, ${asset}, r.from_id, r.to_id, r.amount, ${reason}, ${ref.type}, ${ref.id}, ${now}::timestamptz
    FROM pts_rows r
    -- In user-account order: the entries' account indexes are then filled page by page, not at random.
    ORDER BY r.user_account_id
    ${onConflict}`;
  // Net delta per account of the rows inserted (platform accounts too: the lock and UPDATE below
  // skip them by owner). First as a plain insert, in a savepoint: on a fresh set, the usual case,
  // every row goes in and the deltas are the set's own, with no conflict check or RETURNING per row
  // (measured: a third of the insert's time). When a key is already posted (a re-run, a resumed run,
  // a concurrent poster) it rolls back to the savepoint and inserts ON CONFLICT DO NOTHING instead,
  // summing the deltas of the rows it did insert.
  const fresh = await tx
    .transaction(async (sp) => {
      await sp.execute(insertEntries(sql``));
      return true;
    })
    .catch((e: unknown) => {
      if (pgConstraint(e) === "ledger_entries_idempotency_key_unique") return false;
      throw e;
    });
  const deltas = (rows: SQL) => sql`
    SELECT f.account_id, SUM(f.delta), SUM(f.n_out), SUM(f.amount_out)
    FROM (
      SELECT from_id AS account_id, -amount AS delta, 1 AS n_out, amount AS amount_out FROM ${rows} r1
      UNION ALL SELECT to_id, amount, 0, 0 FROM ${rows} r2
    ) f
    GROUP BY f.account_id`;
  if (fresh) {
    await tx.execute(sql`INSERT INTO pts_deltas (account_id, delta, n_out, amount_out) ${deltas(sql`pts_rows`)}`);
  } else {
    await tx.execute(sql`
      WITH ins AS (${insertEntries(sql`ON CONFLICT (idempotency_key) DO NOTHING RETURNING from_account_id AS from_id, to_account_id AS to_id, amount`)})
      INSERT INTO pts_deltas (account_id, delta, n_out, amount_out) ${deltas(sql`ins`)}`);
  }

  // Fresh statistics: without them the planner guesses the table's size and may loop over it per account.
  await tx.execute(sql`ANALYZE pts_deltas`);
  const [totals] = await tx.execute<{ inserted: string | null; amount: string | null }>(sql`
    SELECT SUM(n_out) AS inserted, SUM(amount_out) AS amount FROM pts_deltas`);
  const inserted = Number(totals?.inserted ?? 0);
  const result = { inserted, amount: Number(totals?.amount ?? 0), accountsMoved: 0 };
  if (inserted === 0) return result;

  try {
    await withIndexProbes(tx, async () => {
      // Locks in ascending id order before the UPDATE, which promises no order of its own. NO KEY
      // UPDATE is the lock the UPDATE takes; it does not conflict with KEY SHARE locks.
      if (!set.userAccountsLocked) {
        await tx.execute(sql`
          SELECT COUNT(*) FROM (
            SELECT a.id FROM pts_deltas d JOIN ledger_accounts a ON a.id = d.account_id
            WHERE d.delta <> 0 AND a.user_id IS NOT NULL
            ORDER BY a.id FOR NO KEY UPDATE OF a) locked`);
      }
      const [moved] = await tx.execute<{ n: string }>(sql`
        WITH moved AS (
          UPDATE ledger_accounts a SET balance = a.balance + d.delta
          FROM pts_deltas d WHERE a.id = d.account_id AND d.delta <> 0 AND a.user_id IS NOT NULL
          RETURNING 1
        ) SELECT COUNT(*) AS n FROM moved`);
      result.accountsMoved = Number(moved?.n ?? 0);
    });
  } catch (e) {
    if (pgConstraint(e) === "ledger_accounts_user_not_negative") throw new DomainError("INSUFFICIENT_BALANCE");
    throw e;
  }
  return result;
}

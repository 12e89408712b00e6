import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError, pgConstraint } from "../shared/errors";
import { withIndexProbes } from "../shared/index-probes";

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
  /**
   * Every row moves money between one user account, which no other row of the set names, and a
   * platform account. A fresh set then posts in one statement (each user balance updated, its entry
   * inserted from the UPDATE's rows), checked row by row; with resolvedAccounts and
   * userAccountsLocked, straight from `select`, else once its accounts are resolved and locked.
   */
  userLegs?: boolean;
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
 * 1. resolves each row's accounts into a temporary table (dropped at commit), creating those that
 *    do not exist yet (INSERT … SELECT, sorted, ON CONFLICT DO NOTHING);
 * 2. inserts the entries with derived keys: plainly when none was posted before, else ON CONFLICT
 *    (idempotency_key) DO NOTHING; and sums the net delta per account of the rows inserted;
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
  return db.transaction(async (tx) => {
    if (set.userLegs && set.resolvedAccounts && set.userAccountsLocked) {
      const posted = await postFreshUserLegs(tx, clock, set);
      if (posted) return posted;
      return post(tx, clock, set, { keysPosted: true });
    }
    return post(tx, clock, set, { keysPosted: false });
  });
}

/**
 * A set of user legs (`userLegs`) none of whose keys is posted yet, in one statement: the UPDATE moves
 * each user balance and returns its row, the entries are inserted from those rows. Its own savepoint:
 * null, with nothing changed, when a key exists already (the caller then posts the set the general
 * way, which skips posted keys). A row whose user account is not a user's account of the set's asset
 * or not one of its two sides, or whose other side is not a platform account of that asset, fails
 * the posting: the statement checks what the same-asset trigger would, which it tells to skip them.
 */
async function postFreshUserLegs(tx: DbOrTx, clock: Clock, set: TransferSet): Promise<SetPostResult | null> {
  const { keyPrefix, reason, ref, asset, select } = set;
  const now = clock.now().toISOString();
  return tx
    .transaction(async (sp) => {
      // The statement checks every row it inserts (the user side in the UPDATE, the platform side
      // below), so the same-asset trigger may skip them; the flag lives until the statement ends,
      // and a failure rolls it back with the savepoint.
      await sp.execute(sql`SELECT set_config('pinpin.ledger_entries_checked', 'on', true)`);
      // Index probes per row (withIndexProbes), as everywhere the set meets the ledger.
      const [row] = await withIndexProbes(sp, () => sp.execute<{ moved: string; amount: string | null; wanted: string; not_platform: string }>(sql`
        WITH src AS MATERIALIZED (SELECT * FROM (${select}) s0 WHERE s0.amount > 0),
        moved AS (
          UPDATE ledger_accounts a
          SET balance = a.balance + CASE WHEN s.user_account_id = s.to_account_id THEN s.amount ELSE -s.amount END
          FROM src s
          WHERE a.id = s.user_account_id AND a.user_id IS NOT NULL AND a.asset = ${asset}
            AND (s.user_account_id = s.from_account_id OR s.user_account_id = s.to_account_id)
          RETURNING s.key_suffix, s.amount, s.from_account_id, s.to_account_id, s.user_account_id
        ),
        ins AS (
          INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
          SELECT ${keyPrefix} || m.key_suffix, ${asset}, m.from_account_id, m.to_account_id, m.amount, ${reason}, ${ref.type}, ${ref.id}, ${now}::timestamptz
          FROM moved m ORDER BY m.user_account_id
        )
        SELECT (SELECT COUNT(*) FROM moved) AS moved, (SELECT SUM(amount) FROM moved) AS amount, (SELECT COUNT(*) FROM src) AS wanted,
          -- The other side of every row: a platform account (a few distinct ids, looked up once each).
          (SELECT COUNT(*) FROM (SELECT DISTINCT CASE WHEN user_account_id = to_account_id THEN from_account_id ELSE to_account_id END AS id FROM src) o
           LEFT JOIN ledger_accounts p ON p.id = o.id WHERE p.id IS NULL OR p.user_id IS NOT NULL OR p.asset <> ${asset}) AS not_platform`));
      await sp.execute(sql`SELECT set_config('pinpin.ledger_entries_checked', 'off', true)`);
      const moved = Number(row?.moved ?? 0);
      if (moved !== Number(row?.wanted ?? 0) || Number(row?.not_platform) > 0) throw new Error(`ledger: rows of ${keyPrefix}* are not user legs`);
      return { inserted: moved, amount: Number(row?.amount ?? 0), accountsMoved: moved };
    })
    .catch((e: unknown) => {
      if (pgConstraint(e) === "ledger_entries_idempotency_key_unique") return null;
      if (pgConstraint(e) === "ledger_accounts_user_not_negative") throw new DomainError("INSUFFICIENT_BALANCE");
      throw e;
    });
}

/** The general way; `keysPosted`: a first attempt found keys of the set already posted. */
async function post(tx: DbOrTx, clock: Clock, set: TransferSet, attempt: { keysPosted: boolean }): Promise<SetPostResult> {
  const { keyPrefix, reason, ref, asset, select } = set;
  const now = clock.now().toISOString();
  let keysPosted = attempt.keysPosted;

  // The set's rows with their accounts resolved, once: the insert and the deltas both read them.
  await tx.execute(sql`
    CREATE TEMP TABLE IF NOT EXISTS pts_rows (key_suffix text, amount bigint, from_id bigint, to_id bigint, user_account_id bigint,
      from_user uuid, from_platform text, to_user uuid, to_platform text) ON COMMIT DROP`);
  await tx.execute(sql`TRUNCATE pts_rows`);
  if (set.resolvedAccounts) {
    await tx.execute(sql`
      INSERT INTO pts_rows (key_suffix, amount, from_id, to_id, user_account_id)
      SELECT s.key_suffix, s.amount, s.from_account_id, s.to_account_id, s.user_account_id FROM (${select}) s WHERE s.amount > 0`);
  } else {
    // Accounts by owner, with index probes per row (withIndexProbes): the set is small next to the ledger.
    const resolve = (rows: SQL) => sql`
      SELECT s.key_suffix, s.amount, COALESCE(fu.id, fp.id), COALESCE(tu.id, tp.id), COALESCE(tu.id, fu.id), s.from_user, s.from_platform, s.to_user, s.to_platform
      FROM ${rows}
      LEFT JOIN ledger_accounts fu ON fu.user_id = s.from_user AND fu.asset = ${asset}
      LEFT JOIN ledger_accounts fp ON fp.platform_name = s.from_platform AND fp.asset = ${asset}
      LEFT JOIN ledger_accounts tu ON tu.user_id = s.to_user AND tu.asset = ${asset}
      LEFT JOIN ledger_accounts tp ON tp.platform_name = s.to_platform AND tp.asset = ${asset}`;
    await withIndexProbes(tx, async () => {
      await tx.execute(sql`
        INSERT INTO pts_rows (key_suffix, amount, from_id, to_id, user_account_id, from_user, from_platform, to_user, to_platform)
        ${resolve(sql`(SELECT * FROM (${select}) s0 WHERE s0.amount > 0) s`)}`);
      const missing = await tx.execute(sql`SELECT 1 FROM pts_rows WHERE from_id IS NULL OR to_id IS NULL LIMIT 1`);
      if (missing.length === 0) return;
      // Owners without an account yet (a first payment) get one, users and platform accounts apart,
      // sorted, so two sets creating the same accounts insert them in one order; then their rows are
      // resolved again.
      for (const [column, from, to] of [
        [sql`user_id`, sql`from_user`, sql`to_user`],
        [sql`platform_name`, sql`from_platform`, sql`to_platform`],
      ] as const) {
        await tx.execute(sql`
          INSERT INTO ledger_accounts (asset, ${column})
          SELECT DISTINCT ${asset}, owner FROM (
            SELECT ${from} AS owner FROM pts_rows WHERE from_id IS NULL UNION ALL SELECT ${to} FROM pts_rows WHERE to_id IS NULL
          ) x WHERE owner IS NOT NULL ORDER BY 2
          ON CONFLICT DO NOTHING`);
      }
      await tx.execute(sql`
        WITH gone AS (DELETE FROM pts_rows WHERE from_id IS NULL OR to_id IS NULL RETURNING *)
        INSERT INTO pts_rows (key_suffix, amount, from_id, to_id, user_account_id, from_user, from_platform, to_user, to_platform)
        ${resolve(sql`gone s`)}`);
    });
  }

  if (set.userLegs && !keysPosted) {
    // A set of user legs: its user accounts locked in id order, then posted in one statement.
    if (!set.userAccountsLocked) {
      await withIndexProbes(tx, () => tx.execute(sql`
        SELECT COUNT(*) FROM (
          SELECT a.id FROM pts_rows r JOIN ledger_accounts a ON a.id = r.user_account_id
          WHERE a.user_id IS NOT NULL ORDER BY a.id FOR NO KEY UPDATE OF a) locked`));
    }
    const resolved = sql`SELECT key_suffix, from_id AS from_account_id, to_id AS to_account_id, user_account_id, amount FROM pts_rows`;
    const posted = await postFreshUserLegs(tx, clock, { ...set, select: resolved });
    if (posted) return posted;
    keysPosted = true;
  }

  const insertEntries = (onConflict: SQL) => sql`
    INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
    SELECT ${keyPrefix} || r.key_suffix, ${asset}, r.from_id, r.to_id, r.amount, ${reason}, ${ref.type}, ${ref.id}, ${now}::timestamptz
    FROM pts_rows r
    -- In user-account order: the entries' account indexes are then filled page by page, not at random.
    ORDER BY r.user_account_id
    ${onConflict}`;
  // First as a plain insert, in a savepoint: on a fresh set, the usual case, every row goes in,
  // with no conflict check or RETURNING per row (measured: a third of the insert's time). When a
  // key is already posted (a re-run, a resumed run, a concurrent poster) it rolls back to the
  // savepoint and inserts ON CONFLICT DO NOTHING instead, as it does at once when an attempt
  // before found posted keys.
  const fresh =
    !keysPosted &&
    (await tx
      .transaction(async (sp) => {
        await sp.execute(insertEntries(sql``));
        return true;
      })
      .catch((e: unknown) => {
        if (pgConstraint(e) === "ledger_entries_idempotency_key_unique") return false;
        throw e;
      }));
  // Net delta per account of the rows inserted (platform accounts too: the lock and UPDATE below
  // skip them by owner): on a fresh set, the set's own rows, summed where they are used; otherwise
  // those the insert returned, kept in pts_deltas.
  const netOf = (rows: SQL) => sql`
    SELECT f.account_id, SUM(f.delta) AS delta, SUM(f.n_out) AS n_out, SUM(f.amount_out) AS amount_out
    FROM (
      SELECT from_id AS account_id, -amount AS delta, 1 AS n_out, amount AS amount_out FROM ${rows} r1
      UNION ALL SELECT to_id, amount, 0, 0 FROM ${rows} r2
    ) f
    GROUP BY f.account_id`;
  let deltas: SQL;
  let totals: { inserted: string | null; amount: string | null } | undefined;
  if (fresh) {
    deltas = sql`(${netOf(sql`pts_rows`)})`;
    [totals] = await tx.execute<{ inserted: string | null; amount: string | null }>(sql`SELECT COUNT(*) AS inserted, SUM(amount) AS amount FROM pts_rows`);
  } else {
    await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS pts_deltas (account_id bigint, delta bigint, n_out bigint, amount_out bigint) ON COMMIT DROP`);
    await tx.execute(sql`TRUNCATE pts_deltas`);
    await tx.execute(sql`
      WITH ins AS (${insertEntries(sql`ON CONFLICT (idempotency_key) DO NOTHING RETURNING from_account_id AS from_id, to_account_id AS to_id, amount`)})
      INSERT INTO pts_deltas (account_id, delta, n_out, amount_out) ${netOf(sql`ins`)}`);
    // Fresh statistics: without them the planner guesses the table's size and may loop over it per account.
    await tx.execute(sql`ANALYZE pts_deltas`);
    deltas = sql`pts_deltas`;
    [totals] = await tx.execute<{ inserted: string | null; amount: string | null }>(sql`SELECT SUM(n_out) AS inserted, SUM(amount_out) AS amount FROM pts_deltas`);
  }
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
            SELECT a.id FROM ${deltas} d JOIN ledger_accounts a ON a.id = d.account_id
            WHERE d.delta <> 0 AND a.user_id IS NOT NULL
            ORDER BY a.id FOR NO KEY UPDATE OF a) locked`);
      }
      const [moved] = await tx.execute<{ n: string }>(sql`
        WITH moved AS (
          UPDATE ledger_accounts a SET balance = a.balance + d.delta
          FROM ${deltas} d WHERE a.id = d.account_id AND d.delta <> 0 AND a.user_id IS NOT NULL
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

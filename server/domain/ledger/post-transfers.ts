import "server-only";
import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import { pipeline } from "@/db/pipeline";
import { isTransaction, type DbOrTx } from "@/db/client";
import type { Asset } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { DomainError, pgConstraint } from "../shared/errors";
import { assertAmountFen } from "../shared/money";
import { type AccountRef, accountRefKey, holdsBalance, resolveAccountIds } from "./accounts";

export interface TransferInput {
  /** Derived from business ids (e.g. `withdrawal:<id>:hold`); unique across the ledger. */
  key: string;
  asset: Asset;
  from: AccountRef;
  to: AccountRef;
  amount: number;
  reason: string;
  ref: { type: string; id: string };
}

export interface PostedEntry {
  id: number;
  key: string;
  asset: Asset;
  fromAccountId: number;
  toAccountId: number;
  amount: number;
}

export interface PostResult {
  entries: PostedEntry[];
  /** True when every key had been posted before: nothing changed this time. */
  replayed: boolean;
}

type EntryRow = {
  id: string;
  idempotency_key: string;
  asset: Asset;
  from_account_id: string;
  to_account_id: string;
  amount: string;
};

const toEntry = (r: EntryRow): PostedEntry => ({
  id: Number(r.id),
  key: r.idempotency_key,
  asset: r.asset,
  fromAccountId: Number(r.from_account_id),
  toAccountId: Number(r.to_account_id),
  amount: Number(r.amount),
});

/**
 * Posts a batch of transfers atomically in the caller's transaction.
 *
 * Entries are inserted with ON CONFLICT DO NOTHING, so a concurrent retry of the same keys waits on
 * the unique index and then inserts nothing; balances move only when every entry of the batch was
 * inserted by this call. User balances are locked in ascending account-id order first (locks taken in
 * a fixed order, so concurrent batches cannot deadlock); the database CHECK rejects any user balance
 * below zero. Retrying a batch whose keys were all posted returns the original entries and changes
 * nothing; a batch that mixes posted and new keys, or reuses a key for a different transfer, is rejected.
 */
export async function postTransfers(db: DbOrTx, clock: Clock, transfers: TransferInput[], options: PostOptions = {}): Promise<PostResult> {
  if (transfers.length === 0) return { entries: [], replayed: false };
  validate(transfers);
  if (options.callerRollsBack && isTransaction(db)) return post(db, clock, transfers, options.knownAccounts);
  // Its own transaction, or a savepoint inside the caller's: a rejected batch leaves nothing behind
  // even when called without a transaction, and a caller may catch INSUFFICIENT_BALANCE and go on.
  return db.transaction((tx) => post(tx, clock, transfers, options.knownAccounts));
}

export interface PostOptions {
  /**
   * The caller's transaction (or savepoint) is the unit: a refused posting fails it, whether or not the
   * error is caught, so no savepoint of its own is needed (one round trip less: the join and draw paths).
   */
  callerRollsBack?: boolean;
  /** Account ids the caller already read (accountRefKey → id), e.g. with the balances under a lock: not looked up again. */
  knownAccounts?: ReadonlyMap<string, number>;
}

function validate(transfers: TransferInput[]): void {
  const seen = new Set<string>();
  for (const t of transfers) {
    assertAmountFen(t.amount);
    if (seen.has(t.key)) throw new DomainError("IDEMPOTENCY_MISMATCH", { key: t.key });
    seen.add(t.key);
    if (accountRefKey(t.asset, t.from) === accountRefKey(t.asset, t.to)) throw new DomainError("BAD_INPUT", { field: "to" });
  }
}

async function post(tx: DbOrTx, clock: Clock, transfers: TransferInput[], known?: ReadonlyMap<string, number>): Promise<PostResult> {
  const ids = await resolveAccountIds(
    tx,
    transfers.flatMap((t) => [
      { asset: t.asset, ref: t.from },
      { asset: t.asset, ref: t.to },
    ]),
    known,
  );
  const idOf = (asset: Asset, ref: AccountRef) => ids.get(accountRefKey(asset, ref)) as number;
  const rows = transfers.map((t) => ({ ...t, fromId: idOf(t.asset, t.from), toId: idOf(t.asset, t.to) }));
  const changes = userBalanceDeltas(rows);
  const now = clock.now();

  // One round trip: the id-ordered locks, then the entries and the balances in one statement (the
  // balances move only if every entry went in). UPDATE … FROM does not promise an order of its own,
  // hence the locks first; NO KEY UPDATE is the lock the UPDATE itself takes.
  let posted: [number, string][];
  try {
    const [, written] = await pipeline(tx, [
      changes.length > 1 ? sql`SELECT id FROM ledger_accounts WHERE id = ANY(${pgArray(changes.map((c) => c[0]))}::bigint[]) ORDER BY id FOR NO KEY UPDATE` : null,
      sql`
        WITH ins AS (
          INSERT INTO ledger_entries (idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id, created_at)
          SELECT x.*, ${now.toISOString()}::timestamptz FROM unnest(
            ${pgArray(rows.map((r) => r.key))}::text[], ${pgArray(rows.map((r) => r.asset))}::text[],
            ${pgArray(rows.map((r) => r.fromId))}::bigint[], ${pgArray(rows.map((r) => r.toId))}::bigint[],
            ${pgArray(rows.map((r) => r.amount))}::bigint[], ${pgArray(rows.map((r) => r.reason))}::text[],
            ${pgArray(rows.map((r) => r.ref.type))}::text[], ${pgArray(rows.map((r) => r.ref.id))}::text[]) AS x
          ON CONFLICT (idempotency_key) DO NOTHING
          RETURNING id, idempotency_key),
        moved AS (
          UPDATE ledger_accounts a SET balance = a.balance + d.delta
          FROM unnest(${pgArray(changes.map((c) => c[0]))}::bigint[], ${pgArray(changes.map((c) => c[1]))}::bigint[]) AS d(id, delta)
          WHERE a.id = d.id AND (SELECT count(*) FROM ins) = ${rows.length}::int
          RETURNING 1)
        -- One row: the new ids by key, as one JSON value (the rest of each entry the caller knows).
        SELECT (SELECT json_agg(json_build_array(id, idempotency_key)) FROM ins) AS ids, (SELECT count(*) FROM moved) AS moved,
               -- Part of the keys posted before: the statement fails (so nothing of it can be committed,
               -- even by a caller that catches the error), naming the first such key.
               CASE WHEN (SELECT count(*) FROM ins) NOT IN (0, ${rows.length}::int) THEN pinpin_raise('IDEMPOTENCY_MISMATCH',
                 (SELECT k FROM unnest(${pgArray(rows.map((r) => r.key))}::text[]) WITH ORDINALITY AS x(k, n)
                  WHERE k NOT IN (SELECT idempotency_key FROM ins) ORDER BY n LIMIT 1)) END AS refused`,
    ]);
    posted = (written?.[0]?.ids ?? []) as [number, string][];
  } catch (e) {
    if (pgConstraint(e) === "ledger_accounts_user_not_negative") throw new DomainError("INSUFFICIENT_BALANCE");
    const raised = raisedBy(e);
    if (raised?.message === "IDEMPOTENCY_MISMATCH") throw new DomainError("IDEMPOTENCY_MISMATCH", { key: raised.detail });
    throw e;
  }

  // Every key posted before: nothing was written (the balances move only with every entry in).
  if (posted.length === 0) return { entries: await loadReplay(tx, rows), replayed: true };
  const idOfKey = new Map(posted.map(([id, key]) => [key, Number(id)]));
  const entries = rows.map((r) => {
    // The statement inserts every row or fails (pinpin_raise): each key has its id.
    const id = idOfKey.get(r.key);
    if (id === undefined) throw new Error(`ledger: ${r.key} was not posted with its batch`);
    return { id, key: r.key, asset: r.asset, fromAccountId: r.fromId, toAccountId: r.toId, amount: r.amount };
  });
  return { entries: entries.sort((a, b) => a.id - b.id), replayed: false };
}

/** The message and detail of an error raised by pinpin_raise (migration 0016), if it was one. */
function raisedBy(e: unknown): { message: string; detail: string } | null {
  const cause = (e as { cause?: unknown })?.cause ?? e;
  const err = cause as { code?: string; message?: string; detail?: string };
  return err?.code === "P0001" ? { message: err.message ?? "", detail: err.detail ?? "" } : null;
}

async function loadReplay(tx: DbOrTx, rows: (TransferInput & { fromId: number; toId: number })[]): Promise<PostedEntry[]> {
  const existing = await tx.execute<EntryRow & { reason: string; ref_type: string; ref_id: string }>(sql`
    SELECT id, idempotency_key, asset, from_account_id, to_account_id, amount, reason, ref_type, ref_id
    FROM ledger_entries WHERE idempotency_key = ANY(${pgArray(rows.map((r) => r.key))}::text[]) ORDER BY id`);
  const stored = new Map(existing.map((e) => [e.idempotency_key, e]));
  const byKey = new Map(existing.map((e) => [e.idempotency_key, toEntry(e)]));
  for (const r of rows) {
    const e = byKey.get(r.key);
    const raw = stored.get(r.key);
    const sameRecord = raw?.reason === r.reason && raw.ref_type === r.ref.type && raw.ref_id === r.ref.id;
    if (!e || !sameRecord || e.asset !== r.asset || e.fromAccountId !== r.fromId || e.toAccountId !== r.toId || e.amount !== r.amount) {
      throw new DomainError("IDEMPOTENCY_MISMATCH", { key: r.key });
    }
  }
  return [...byKey.values()];
}

/** Each balance-holding account's net change, ascending by id (platform accounts' balances are derived, never written). */
function userBalanceDeltas(rows: { fromId: number; toId: number; amount: number; from: AccountRef; to: AccountRef }[]): [number, number][] {
  const delta = new Map<number, number>();
  for (const r of rows) {
    if (holdsBalance(r.from)) delta.set(r.fromId, (delta.get(r.fromId) ?? 0) - r.amount);
    if (holdsBalance(r.to)) delta.set(r.toId, (delta.get(r.toId) ?? 0) + r.amount);
  }
  return [...delta.entries()].filter(([, d]) => d !== 0).sort((a, b) => a[0] - b[0]);
}

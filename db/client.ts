import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";
import { preparingClient } from "./prepared-statements";
import { boundedWaitClient } from "./bounded-wait";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Domain functions take either, so one function runs standalone or inside a caller's transaction. */
export type DbOrTx = Db | Tx;

/** Whether `db` is a transaction (or a savepoint in one), not the pool. */
export const isTransaction = (db: DbOrTx): db is Tx => "rollback" in db;

export interface DbHandle {
  db: Db;
  client: postgres.Sql;
  close(): Promise<void>;
}

export interface DbOptions {
  max?: number;
  /**
   * `false` lets a commit return before its WAL reaches the disk: for bulk work that can be redone
   * (the demo seed), never for the app, whose commits are the shoppers' money.
   */
  synchronousCommit?: boolean;
  /** A new connection's bound for TCP connect and start-up (postgres.js's default is 30 s). */
  connectTimeoutMs?: number;
  /** The server's `statement_timeout` on every connection (none when absent or 0). */
  statementTimeoutMs?: number;
  /** The longest a query or transaction waits for a pooled connection (db/bounded-wait.ts; none when absent). */
  waitTimeoutMs?: number;
}

/**
 * Seconds before a failed connection tries again: 25–50 ms after the first failure, doubling, at most
 * 0.5 s. postgres.js's default grows to 20 s while the database is away, so connections came back up
 * to 20 s after it did, and the joins queued on them committed that late.
 */
export const reconnectDelay = (retries: number) => Math.min(0.05 * 2 ** retries, 0.5) * (0.5 + Math.random() / 2);

export function createDb(url: string, options: DbOptions = {}): DbHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    backoff: reconnectDelay,
    ...(options.connectTimeoutMs ? { connect_timeout: options.connectTimeoutMs / 1000 } : {}),
    connection: {
      ...(options.synchronousCommit === false ? { synchronous_commit: "off" } : {}),
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
  const pool = options.waitTimeoutMs ? boundedWaitClient(client, options.waitTimeoutMs) : client;
  const db = drizzle(preparingClient(pool), { schema });
  return { db, client, close: () => client.end({ timeout: 5 }) };
}

import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";
import { preparingClient } from "./prepared-statements";

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

/**
 * `synchronousCommit: false` lets a commit return before its WAL reaches the disk: for bulk work
 * that can be redone (the demo seed), never for the app, whose commits are the shoppers' money.
 */
export function createDb(url: string, options: { max?: number; synchronousCommit?: boolean } = {}): DbHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    ...(options.synchronousCommit === false ? { connection: { synchronous_commit: "off" } } : {}),
  });
  const db = drizzle(preparingClient(client), { schema });
  return { db, client, close: () => client.end({ timeout: 5 }) };
}

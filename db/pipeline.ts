import type { SQL } from "drizzle-orm";
import type { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { isTransaction, type DbOrTx } from "./client";

type Internals = { dialect: PgDialect; session: { client: postgres.Sql } };
type Rows = Record<string, unknown>[];

/**
 * Sends several statements of one transaction at once (one round trip): the server runs them in the
 * order given, each seeing what the ones before it wrote. Returns each statement's rows (null where
 * the statement was null: a step with nothing to do). The first statement to fail fails the call with
 * its own error (the later ones then only report the aborted transaction).
 *
 * Outside a transaction the statements would go to different pooled connections, in no order: the
 * call then opens a transaction of its own.
 */
export async function pipeline(db: DbOrTx, statements: (SQL | null)[]): Promise<(Rows | null)[]> {
  if (!isTransaction(db)) return db.transaction((tx) => pipeline(tx, statements));
  const { dialect, session } = db as unknown as Internals;
  // Each query is handed to the connection in the order execute() is called here, with nothing between.
  const sent = statements.map((s) => {
    if (!s) return null;
    const q = dialect.sqlToQuery(s);
    return session.client.unsafe(q.sql, q.params as never[], { prepare: true }).execute();
  });
  const settled = await Promise.allSettled(sent.map((q) => q ?? Promise.resolve(null)));
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((r) => (r.status === "fulfilled" && r.value ? [...(r.value as Rows)] : null));
}

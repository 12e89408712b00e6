import "server-only";
import { createDb, type DbHandle } from "@/db/client";
import { env } from "./env";

const globalForDb = globalThis as unknown as { pinpinDb?: DbHandle };

/**
 * The app's one connection pool (kept across hot reloads in development), with the request bounds:
 * connect, statement and pool-wait timeouts (server/env.ts), so a request fails fast when the
 * database is away.
 */
export function appDb(): DbHandle["db"] {
  globalForDb.pinpinDb ??= openAppPool();
  return globalForDb.pinpinDb.db;
}

function openAppPool(): DbHandle {
  const e = env();
  return createDb(e.DATABASE_URL, { max: e.DB_POOL_MAX, connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS, waitTimeoutMs: e.DB_WAIT_TIMEOUT_MS });
}

import "server-only";
import { createDb, type DbHandle } from "@/db/client";
import { env } from "./env";

const globalForDb = globalThis as unknown as { pinpinDb?: DbHandle };

/** The app's one connection pool (kept across hot reloads in development). */
export function appDb(): DbHandle["db"] {
  globalForDb.pinpinDb ??= createDb(env().DATABASE_URL, { max: env().DB_POOL_MAX });
  return globalForDb.pinpinDb.db;
}

import "server-only";
import { sql } from "drizzle-orm";
import { createDb, type DbHandle } from "@/db/client";
import { env } from "../env";

/** How long the health check waits for `SELECT 1`, all told. */
export const HEALTH_TIMEOUT_MS = 1000;

const globalForHealth = globalThis as unknown as { pinpinHealthDb?: DbHandle };

/**
 * Whether the database answers `SELECT 1` within HEALTH_TIMEOUT_MS, on a connection of its own: a
 * pool busy with requests is not an absent database, and the check never queues behind them.
 */
export async function databaseAnswers(): Promise<boolean> {
  const handle = (globalForHealth.pinpinHealthDb ??= createDb(env().DATABASE_URL, {
    max: 1,
    connectTimeoutMs: HEALTH_TIMEOUT_MS,
    statementTimeoutMs: HEALTH_TIMEOUT_MS,
    waitTimeoutMs: HEALTH_TIMEOUT_MS,
  }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS)));
  try {
    return await Promise.race([handle.db.execute(sql`SELECT 1`).then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
